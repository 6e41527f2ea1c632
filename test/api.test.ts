import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package's main entry (package.json "main") as a user's require('armlint') sees it: the compiled dist/. */
describe('programmatic API', () => {
  it('lints and fixes text with the shipped rules', () => {
    const root = path.resolve(__dirname, '..');
    const main = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).main;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const api = require(path.join(root, main));
    const rules = api.allRules.map((rule: { meta: { severity: string } }) => ({ rule, severity: rule.meta.severity }));
    const input = fs.readFileSync(path.join(root, 'fixtures/crlf-bom-tabs/input.json'), 'utf8');
    expect(api.lintText(input, rules).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['no-managed-identity-extension']);
    expect(api.fixText(input, rules).output).toBe(fs.readFileSync(path.join(root, 'fixtures/crlf-bom-tabs/expected-output.json'), 'utf8'));
  });
});

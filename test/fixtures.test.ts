import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { lintText } from '../src/engine/linter';
import { fixText } from '../src/fixer/fix-text';

/**
 * Golden fixtures: each folder of fixtures/ holds input.json, the findings
 * expected on it (expected-findings.json) and the exact bytes `--fix` must
 * produce (expected-output.json).
 */
const FIXTURES = path.resolve(__dirname, '../fixtures');
const rules = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));

describe.each(fs.readdirSync(FIXTURES).filter((d) => fs.statSync(path.join(FIXTURES, d)).isDirectory()))('fixture %s', (name) => {
  const dir = path.join(FIXTURES, name);
  const input = fs.readFileSync(path.join(dir, 'input.json'), 'utf8');

  it('reports exactly the expected findings', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected-findings.json'), 'utf8'));
    const actual = lintText(input, rules).findings.map((f) => ({
      ruleId: f.ruleId,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      fixable: f.fix !== undefined,
    }));
    expect(actual).toEqual(expected);
  });

  it('fixes to exactly the expected bytes, and a second fix changes nothing', () => {
    const expected = fs.readFileSync(path.join(dir, 'expected-output.json'), 'utf8');
    const fixed = fixText(input, rules);
    expect(fixed.output).toBe(expected);
    expect(fixText(fixed.output, rules).output).toBe(fixed.output);
  });
});

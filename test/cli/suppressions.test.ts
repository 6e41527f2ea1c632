/**
 * armlint-disable comments through the real CLI: next-line, block ranges,
 * file level, the reason after `--`, suppressed findings not fixed, and
 * --report-unused-disable-directives.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, json, SCHEMA, template, useTempTrees } from './helpers';

const EXT = 'no-managed-identity-extension';
const URL_RULE = 'imds-token-endpoint';

const tree = useTempTrees();
function ruleIds(stdout: string): string[] {
  return json(stdout).flatMap((r) => r.messages.map((m) => m.ruleId ?? 'fatal'));
}

describe('suppression comments', () => {
  test('without directives both findings are reported (the baseline)', () => {
    const dir = tree({ 't.json': template() });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(ruleIds(run.stdout)).toEqual([EXT, URL_RULE]);
  });

  test('// armlint-disable-next-line rule -- reason suppresses that rule on the next line only', () => {
    const dir = tree({ 't.json': template({ beforeExtension: `// armlint-disable-next-line ${EXT} -- kept until the image is rebuilt` }) });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(ruleIds(run.stdout)).toEqual([URL_RULE]);
    expect(run.status).toBe(1); // the URL's error remains
  });

  test('disable-next-line with a list of rules, in a block comment', () => {
    const dir = tree({
      't.json': template({ beforeExtension: `/* armlint-disable-next-line ${URL_RULE}, ${EXT} */`, beforeUrl: `// armlint-disable-next-line ${URL_RULE},${EXT}` }),
    });
    expect(ruleIds(armlint(['--format', 'json', '.'], { cwd: dir }).stdout)).toEqual([]);
  });

  test('disable-next-line naming another rule does not suppress', () => {
    const dir = tree({ 't.json': template({ beforeExtension: `// armlint-disable-next-line ${URL_RULE}` }) });
    expect(ruleIds(armlint(['--format', 'json', '.'], { cwd: dir }).stdout)).toEqual([EXT, URL_RULE]);
  });

  test('/* armlint-disable rule */ … /* armlint-enable rule */ covers the range between them', () => {
    const dir = tree({
      't.json': template({ beforeExtension: `/* armlint-disable ${EXT}, ${URL_RULE} */`, beforeUrl: `/* armlint-enable ${URL_RULE} */` }),
    });
    expect(ruleIds(armlint(['--format', 'json', '.'], { cwd: dir }).stdout)).toEqual([URL_RULE]);
  });

  test('a file-level /* armlint-disable */ suppresses every rule', () => {
    const dir = tree({ 't.json': template({ top: '/* armlint-disable -- generated file, fixed upstream */' }) });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(ruleIds(run.stdout)).toEqual([]);
  });

  test('a suppressed finding is not fixed; the others are', () => {
    const text = template({ beforeExtension: `// armlint-disable-next-line ${EXT} -- reason` });
    const dir = tree({ 't.json': text });
    const run = armlint(['--fix', '--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(0);
    const fixed = fs.readFileSync(path.join(dir, 't.json'), 'utf8');
    expect(fixed).toContain('ManagedIdentityExtensionForLinux'); // suppressed: kept
    expect(fixed).toContain(`// armlint-disable-next-line ${EXT} -- reason`);
    expect(fixed).not.toContain('localhost:50342'); // not suppressed: fixed
    expect(fixed).toContain('169.254.169.254');
  });

  test('parse errors cannot be suppressed', () => {
    const dir = tree({ 't.json': `/* armlint-disable */\n{"$schema": "${SCHEMA}", "resources": [` });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(json(run.stdout)[0].messages[0]).toMatchObject({ ruleId: null, severity: 2 });
  });
});

describe('--report-unused-disable-directives', () => {
  test('reports a directive that suppresses nothing as an error, and not one that is used', () => {
    const dir = tree({
      't.json': template({ beforeExtension: `// armlint-disable-next-line ${EXT}, ${URL_RULE} -- one of the two is unused`, beforeUrl: `// armlint-disable-next-line ${URL_RULE}` }),
    });
    const plain = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(plain.status).toBe(0);
    expect(ruleIds(plain.stdout)).toEqual([]);

    const run = armlint(['--report-unused-disable-directives', '--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    const messages = json(run.stdout)[0].messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'unused-disable-directive', severity: 2, line: 13 });
    expect(messages[0].message).toContain(`'${URL_RULE}'`);
  });

  test('an unused file-level disable is reported; stylish names the pseudo-rule', () => {
    const dir = tree({ 't.json': `/* armlint-disable */\n{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n` });
    const run = armlint(['--report-unused-disable-directives', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/1:1\s+error\s+Unused armlint-disable directive \(no problems were reported\)\.\s+unused-disable-directive/);
  });

  test('the pseudo-rule can be set to warn in a config', () => {
    const dir = tree({
      'armlint.config.json': JSON.stringify({ rules: { 'unused-disable-directive': 'warn' } }),
      't.json': template({ beforeUrl: `// armlint-disable-next-line ${EXT}` }),
    });
    const run = armlint(['--format', 'json', 't.json'], { cwd: dir });
    const messages = json(run.stdout)[0].messages;
    expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([
      [EXT, 2],
      ['unused-disable-directive', 1],
      [URL_RULE, 2],
    ]);
  });
});

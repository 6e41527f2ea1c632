/**
 * Suppressed findings stay visible through the real CLI: JSON
 * `suppressedMessages` (ESLint's shape, with the directive's reason as
 * justification) and SARIF `suppressions` (`inSource`); a rule id no rule
 * has in a directive is reported, as ESLint reports a missing definition.
 */
import { armlint, SCHEMA, template, useTempTrees } from './helpers';

const EXT = 'no-managed-identity-extension';
const URL_RULE = 'imds-token-endpoint';
const EXT_MESSAGE = "Deprecated managed identity VM extension 'ManagedIdentityExtensionForLinux': it no longer deploys; the resource's identity block and IMDS replace it. --fix: deletes it.";
const RULE_LIST = 'no-managed-identity-extension, user-assigned-identity-dictionary, imds-token-endpoint, unused-disable-directive';

const tree = useTempTrees();

interface JsonFile {
  messages: Array<{ ruleId: string | null; severity: number; message: string; line: number }>;
  suppressedMessages: Array<Record<string, unknown>>;
  errorCount: number;
}

describe('suppressed findings in reports', () => {
  test('JSON suppressedMessages lists the finding with its directive and the reason after --', () => {
    const dir = tree({ 't.json': template({ beforeExtension: `// armlint-disable-next-line ${EXT} -- kept until the image is rebuilt` }) });
    // The token request left as a warning: the run then has no error.
    const run = armlint(['--format', 'json', '--rule', `${URL_RULE}:warn`, '.'], { cwd: dir });
    const [file] = JSON.parse(run.stdout) as JsonFile[];
    expect(file.messages.map((m) => m.ruleId)).toEqual([URL_RULE]);
    expect(file.suppressedMessages).toEqual([
      {
        ruleId: EXT,
        severity: 2,
        message: EXT_MESSAGE,
        line: 14,
        column: 9,
        endLine: 26,
        endColumn: 10,
        suppressions: [{ kind: 'directive', justification: 'kept until the image is rebuilt' }],
      },
    ]);
    expect(file.errorCount).toBe(0);
    expect(run.status).toBe(0);
  });

  test('a directive without a reason gives an empty justification (ESLint); --fix leaves the suppressed finding listed and unfixed', () => {
    const dir = tree({ 't.json': template({ beforeExtension: `/* armlint-disable ${EXT} */` }) });
    const run = armlint(['--fix', '--format', 'json', '.'], { cwd: dir });
    const [file] = JSON.parse(run.stdout) as JsonFile[];
    expect(file.messages).toEqual([]);
    expect(file.suppressedMessages.map((m) => [m.ruleId, m.suppressions])).toEqual([[EXT, [{ kind: 'directive', justification: '' }]]]);
  });

  test('SARIF results of suppressed findings carry suppressions of kind inSource, with the justification when there is one', () => {
    const dir = tree({
      'a.json': template({ beforeExtension: `// armlint-disable-next-line ${EXT} -- golden image`, beforeUrl: `// armlint-disable-next-line ${URL_RULE}` }),
    });
    const run = armlint(['--format', 'sarif', '.'], { cwd: dir });
    expect(run.status).toBe(0);
    const results = (JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown; fixes?: unknown }> }> }).runs[0].results;
    expect(results.map((r) => [r.ruleId, r.suppressions, 'fixes' in r])).toEqual([
      [EXT, [{ kind: 'inSource', justification: 'golden image' }], false],
      [URL_RULE, [{ kind: 'inSource' }], false],
    ]);
  });
});

describe('unknown rule ids in directives', () => {
  test('a misspelled id is an error at the directive, and suppresses nothing', () => {
    const dir = tree({ 't.json': template({ beforeExtension: `// armlint-disable-next-line ${EXT}s -- typo` }) });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    const [file] = JSON.parse(run.stdout) as JsonFile[];
    expect(file.messages.map((m) => [m.ruleId, m.severity, m.line, m.message])).toEqual([
      [`${EXT}s`, 2, 13, `Definition for rule '${EXT}s' was not found; armlint's rules: ${RULE_LIST}.`],
      [EXT, 2, 14, EXT_MESSAGE],
      [URL_RULE, 2, 36, expect.stringContaining('localhost:50342')],
    ]);
  });

  test('reported also in a template no rule can fire on, and in stylish output', () => {
    const text = `{\n  "$schema": "${SCHEMA}",\n  // armlint-disable-line imds-token-endpiont\n  "resources": []\n}\n`;
    const dir = tree({ 'clean.json': text });
    const run = armlint(['--no-color', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`  3:3  error  Definition for rule 'imds-token-endpiont' was not found; armlint's rules: ${RULE_LIST}.  imds-token-endpiont`);
  });

  test('with --report-unused-disable-directives the unknown id is reported once, not also as unused', () => {
    const dir = tree({ 't.json': template({ beforeExtension: `// armlint-disable-next-line ${EXT}, nope` }) });
    const run = armlint(['--format', 'json', '--report-unused-disable-directives', '.'], { cwd: dir });
    const [file] = JSON.parse(run.stdout) as JsonFile[];
    expect(file.messages.map((m) => m.ruleId)).toEqual(['nope', URL_RULE]);
  });
});

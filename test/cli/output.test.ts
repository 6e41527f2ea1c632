/**
 * Output and exit controls through the real CLI: --output-file, --max-warnings,
 * --quiet, colours (--color/--no-color, NO_COLOR, FORCE_COLOR, not a TTY),
 * --rule, and the unchanged contract (exit codes, usage errors).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, json, NOT_A_PROBLEM, template, useTempTrees } from './helpers';

const ESC = '\u001b[';
const tree = useTempTrees();
/** One error (the extension) and one warning (the token URL) in t.json. */
const both = () => tree({ 't.json': template(), 'ok.json': NOT_A_PROBLEM });
/** Only the URL finding: the extension line is suppressed. */
const warningOnly = () => tree({ 't.json': template({ beforeExtension: '// armlint-disable-next-line no-managed-identity-extension' }) });
/** The URL finding as a warning (its default is error), for the tests about warnings. */
const WARN = ['--rule', 'imds-token-endpoint:warn'];

describe('--output-file', () => {
  test('writes the report to the file (folders created) and a one-line summary to stdout', () => {
    const dir = both();
    const run = armlint(['--format', 'json', '--output-file', 'reports/armlint.json', '.'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('armlint: 2 problems (2 errors, 0 warnings) in 1 file (report: reports/armlint.json)\n');
    const report = json(fs.readFileSync(path.join(dir, 'reports/armlint.json'), 'utf8'));
    expect(report.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['no-managed-identity-extension', 'imds-token-endpoint']);
  });

  test('-o with stylish: no colour codes in the file even when FORCE_COLOR is set; --fix counts go in the summary', () => {
    const dir = both();
    const run = armlint(['--fix', '-o', 'out.txt', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('armlint: Fixed 2 problems in 1 file; no problems in 2 files (report: out.txt)\n');
    expect(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('\nFixed 2 problems in 1 file.\n');
  });
});

describe('--max-warnings', () => {
  test('more warnings than allowed: exit 1 and a message; at the limit: exit 0', () => {
    const dir = warningOnly();
    const over = armlint([...WARN, '--max-warnings', '0', '.'], { cwd: dir });
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('armlint found too many warnings (maximum: 0).');
    expect(armlint([...WARN, '--max-warnings', '1', '.'], { cwd: dir }).status).toBe(0);
    expect(armlint([...WARN, '.'], { cwd: dir }).status).toBe(0);
  });

  test('a value that is not a whole number is a usage error (exit 2)', () => {
    const run = armlint(['--max-warnings', 'many', '.'], { cwd: warningOnly() });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/max-warnings/);
  });
});

describe('--quiet', () => {
  test('reports errors only', () => {
    const run = armlint([...WARN, '--quiet', '--format', 'json', '.'], { cwd: both() });
    expect(run.status).toBe(1);
    expect(json(run.stdout).flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['no-managed-identity-extension']);
  });

  test('a file with only warnings prints nothing and exits 0 (warnings still count for --max-warnings)', () => {
    const dir = warningOnly();
    expect(armlint([...WARN, '--quiet', '.'], { cwd: dir })).toMatchObject({ status: 0, stdout: '' });
    expect(armlint([...WARN, '--quiet', '--max-warnings', '0', '.'], { cwd: dir }).status).toBe(1);
  });
});

describe('colours', () => {
  test('off when stdout is not a terminal', () => {
    const run = armlint(['.'], { cwd: both() });
    expect(run.stdout).toContain('error');
    expect(run.stdout).not.toContain(ESC);
  });

  test('--color forces them on; severities are red and yellow, alignment kept', () => {
    const run = armlint([...WARN, '--color', '.'], { cwd: both() });
    expect(run.stdout).toContain(`${ESC}31merror${ESC}0m`);
    expect(run.stdout).toContain(`${ESC}33mwarning${ESC}0m`);
    const plain = armlint([...WARN, '.'], { cwd: both() }).stdout.replace(/\/tmp\/[^\n]+/g, 'F');
    // eslint-disable-next-line no-control-regex
    expect(run.stdout.replace(/\u001b\[\d+m/g, '').replace(/\/tmp\/[^\n]+/g, 'F')).toBe(plain);
  });

  test('FORCE_COLOR=1 turns them on, FORCE_COLOR=0 and NO_COLOR off; --no-color beats FORCE_COLOR; --color beats NO_COLOR', () => {
    const dir = both();
    expect(armlint(['.'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).toContain(ESC);
    expect(armlint(['.'], { cwd: dir, env: { FORCE_COLOR: '0' } }).stdout).not.toContain(ESC);
    expect(armlint(['.'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).not.toContain(ESC);
    expect(armlint(['--no-color', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).not.toContain(ESC);
    expect(armlint(['--color', '.'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout).toContain(ESC);
  });

  test('never in json, sarif or github output', () => {
    const dir = both();
    for (const format of ['json', 'sarif', 'github']) {
      expect(armlint(['--color', '--format', format, '.'], { cwd: dir }).stdout).not.toContain(ESC);
    }
  });
});

describe('--rule', () => {
  test('turns a rule off, or changes its severity; repeatable', () => {
    const dir = both();
    const off = armlint(['--rule', 'no-managed-identity-extension:off', '--rule', 'imds-token-endpoint:warn', '--format', 'json', '.'], { cwd: dir });
    expect(off.status).toBe(0);
    expect(json(off.stdout).flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['imds-token-endpoint']);

    const swapped = armlint(['--rule', 'no-managed-identity-extension:warn', '--rule', 'imds-token-endpoint:error', '--format', 'json', '.'], { cwd: dir });
    expect(swapped.status).toBe(1);
    expect(json(swapped.stdout).flatMap((r) => r.messages.map((m) => [m.ruleId, m.severity]))).toEqual([
      ['no-managed-identity-extension', 1],
      ['imds-token-endpoint', 2],
    ]);
  });

  test('a rule turned off is not fixed either', () => {
    const dir = both();
    armlint(['--fix', '--rule', 'no-managed-identity-extension:off', '.'], { cwd: dir });
    const text = fs.readFileSync(path.join(dir, 't.json'), 'utf8');
    expect(text).toContain('ManagedIdentityExtensionForLinux');
    expect(text).not.toContain('localhost:50342');
  });

  test('an unknown rule or severity is a usage error (exit 2) naming the allowed values', () => {
    const dir = both();
    const rule = armlint(['--rule', 'no-such-rule:off', '.'], { cwd: dir });
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain('unknown rule "no-such-rule"; rules: no-managed-identity-extension, user-assigned-identity-dictionary, imds-token-endpoint, unused-disable-directive');
    const severity = armlint(['--rule', 'imds-token-endpoint:loud', '.'], { cwd: dir });
    expect(severity.status).toBe(2);
    expect(severity.stderr).toContain('unknown severity "loud"; allowed: off, warn, error');
    expect(armlint(['--rule', 'imds-token-endpoint', '.'], { cwd: dir }).status).toBe(2);
  });
});

describe('the 0.1 contract', () => {
  test('--fix with --fix-dry-run is a usage error; --stdin-filename needs --stdin', () => {
    const dir = both();
    expect(armlint(['--fix', '--fix-dry-run', '.'], { cwd: dir }).status).toBe(2);
    expect(armlint(['--stdin-filename', 'x.json', '.'], { cwd: dir }).status).toBe(2);
  });

  test('--help lists every option', () => {
    const help = armlint(['--help']).stdout;
    for (const option of ['--fix', '--fix-dry-run', '--diff', '--format', '--output-file', '--max-warnings', '--quiet', '--color', '--rule', '--config', '--print-config', '--report-unused-disable-directives', '--stdin', '--stdin-filename']) {
      expect(help).toContain(option);
    }
    expect(help).toMatch(/"sarif"/);
    expect(help).toMatch(/"github"/);
  });
});

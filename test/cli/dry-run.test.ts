/**
 * --fix-dry-run and --diff through the real CLI: nothing written, the
 * summary says what would be fixed, the diff is git-style and applies with
 * `git apply` to give exactly what --fix writes; exit 1 when a file would change.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, json, NOT_A_PROBLEM, ROOT, template, useTempTrees } from './helpers';

const tree = useTempTrees();
function bytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir)) if (name.endsWith('.json')) out[name] = fs.readFileSync(path.join(dir, name), 'latin1');
  return out;
}

test('--fix-dry-run writes nothing; the report lists what would remain and says what would be fixed', () => {
  const crlf = fs.readFileSync(path.join(ROOT, 'fixtures/crlf-bom-tabs/input.json'), 'utf8');
  const dir = tree({ 'a.json': template(), 'b.json': crlf, 'ok.json': NOT_A_PROBLEM });
  const before = bytes(dir);
  const run = armlint(['--fix-dry-run', '.'], { cwd: dir });
  expect(bytes(dir)).toEqual(before);
  expect(run.stdout).toBe('\n3 problems in 2 files would be fixed.\n');
  expect(run.status).toBe(0);

  const asJson = json(armlint(['--fix-dry-run', '--format', 'json', '.'], { cwd: dir }).stdout);
  const fixDir = tree({ 'a.json': template(), 'b.json': crlf });
  armlint(['--fix', '.'], { cwd: fixDir });
  expect(asJson.find((r) => r.filePath.endsWith('a.json'))!.output).toBe(fs.readFileSync(path.join(fixDir, 'a.json'), 'utf8'));
  expect(asJson.find((r) => r.filePath.endsWith('ok.json'))!.output).toBeUndefined();
});

test('--diff prints a git-style unified diff per changed file, exits 1, and the summary (stderr) says to run --fix', () => {
  const dir = tree({ 'a.json': template(), 'ok.json': NOT_A_PROBLEM, 'sub/c.json': template() });
  const before = bytes(dir);
  const run = armlint(['--diff', '.'], { cwd: dir });
  expect(run.status).toBe(1);
  expect(bytes(dir)).toEqual(before);
  expect(run.stdout.split('\n').filter((l) => /^(diff --git|---|\+\+\+) /.test(l))).toEqual([
    'diff --git a/a.json b/a.json',
    '--- a/a.json',
    '+++ b/a.json',
    'diff --git a/sub/c.json b/sub/c.json',
    '--- a/sub/c.json',
    '+++ b/sub/c.json',
  ]);
  expect(run.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
  expect(run.stdout).toContain('-          "name": "ManagedIdentityExtensionForLinux",');
  expect(run.stderr).toBe('armlint: 4 problems in 2 files would be fixed: run armlint --fix.\n');
});

test('the diff applies with git apply and gives exactly what --fix writes (CRLF and BOM included)', () => {
  const crlf = fs.readFileSync(path.join(ROOT, 'fixtures/crlf-bom-tabs/input.json'));
  const files = { 'a.json': template(), 'b.json': crlf.toString('utf8') };
  const dir = tree(files);
  const fixDir = tree(files);
  const patch = armlint(['--diff', '.'], { cwd: dir }).stdout;
  armlint(['--fix', '.'], { cwd: fixDir });
  fs.writeFileSync(path.join(dir, 'armlint.patch'), patch);
  const git = spawnSync('git', ['apply', '--whitespace=nowarn', 'armlint.patch'], { cwd: dir, encoding: 'utf8' });
  if (git.error) return; // no git here: the header checks above still ran
  expect(git.stderr).toBe('');
  expect(git.status).toBe(0);
  expect(bytes(dir)).toEqual(bytes(fixDir));
});

test('--diff when nothing would change: no output, exit 0 (or 1 when unfixable errors remain)', () => {
  const dir = tree({ 'ok.json': NOT_A_PROBLEM });
  expect(armlint(['--diff', '.'], { cwd: dir })).toMatchObject({ status: 0, stdout: '', stderr: 'armlint: no file would change.\n' });
  const unfixable = tree({ 'bad.json': '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [' });
  const run = armlint(['--diff', '.'], { cwd: unfixable });
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('armlint: no file would change; 1 problem would remain.\n');
});

test('--diff with --fix is a usage error', () => {
  expect(armlint(['--diff', '--fix', '.'], { cwd: tree({ 'a.json': template() }) }).status).toBe(2);
});

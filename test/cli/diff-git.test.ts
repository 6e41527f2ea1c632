/**
 * `armlint --diff | git apply` inside a real git repository, from its root
 * and from a subdirectory: the diff names files relative to the repository
 * root (as `git diff` does), so git applies it from any folder, and the
 * result is byte for byte what --fix writes. Skipped, with the reason
 * printed, where git is not installed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, NOT_A_PROBLEM, template, useTempTrees } from './helpers';

const tree = useTempTrees();
const hasGit = spawnSync('git', ['--version']).status === 0;
if (!hasGit) {
  // eslint-disable-next-line no-console
  console.log('skipping: git is not installed');
}
const describeWithGit = hasGit ? describe : describe.skip;

function git(args: string[], cwd: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('git', ['-c', 'user.name=armlint', '-c', 'user.email=armlint@example.invalid', '-c', 'core.autocrlf=false', ...args], { cwd, encoding: 'utf8', input });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const FILES = { 'infra/vm.json': template(), 'infra/net/other.json': template(), 'infra/ok.json': NOT_A_PROBLEM, 'docs/readme.txt': 'x\n' };

/** A committed repository holding FILES; returns its root. */
function repository(): string {
  const dir = tree(FILES);
  expect(git(['init', '-q'], dir).status).toBe(0);
  git(['add', '-A'], dir);
  expect(git(['commit', '-qm', 'templates'], dir).status).toBe(0);
  return dir;
}

function fixedByFix(): Record<string, string> {
  const dir = tree(FILES);
  armlint(['--fix', '.'], { cwd: dir });
  return Object.fromEntries(Object.keys(FILES).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(Object.keys(FILES).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describeWithGit('--diff | git apply in a git repository', () => {
  test('from a subdirectory: paths are relative to the repository root and git apply gives what --fix writes', () => {
    const root = repository();
    const sub = path.join(root, 'infra');
    const diff = armlint(['--diff', '.'], { cwd: sub });
    expect(diff.status).toBe(1);
    expect(diff.stdout.split('\n').filter((l) => l.startsWith('diff --git'))).toEqual([
      'diff --git a/infra/net/other.json b/infra/net/other.json',
      'diff --git a/infra/vm.json b/infra/vm.json',
    ]);
    const applied = git(['apply'], sub, diff.stdout);
    expect(applied).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(contents(root)).toEqual(fixedByFix());
    expect(git(['diff', '--name-only'], root).stdout).toBe('infra/net/other.json\ninfra/vm.json\n');
  });

  test('from a deeper subdirectory and from the root, the same diff', () => {
    const root = repository();
    const fromRoot = armlint(['--diff', 'infra'], { cwd: root }).stdout;
    expect(armlint(['--diff', '.'], { cwd: path.join(root, 'infra') }).stdout).toBe(fromRoot);
    const deeper = armlint(['--diff', '.'], { cwd: path.join(root, 'infra', 'net') });
    expect(deeper.stdout.split('\n')[0]).toBe('diff --git a/infra/net/other.json b/infra/net/other.json');
    expect(git(['apply'], path.join(root, 'infra', 'net'), deeper.stdout).status).toBe(0);
    expect(git(['diff', '--name-only'], root).stdout).toBe('infra/net/other.json\n');
  });

  test('outside a repository the paths stay relative to the working directory', () => {
    const dir = tree(FILES);
    const diff = armlint(['--diff', '.'], { cwd: path.join(dir, 'infra') });
    expect(diff.stdout.split('\n')[0]).toBe('diff --git a/net/other.json b/net/other.json');
  });
});

/**
 * The README's pre-commit snippet works as written: its `rev` names a commit
 * that exists, and the real `pre-commit` installs and runs the hook at that
 * commit from a local clone of this repository (standing in for the GitHub
 * URL, which the test does not reach). Skips, saying why, where pre-commit
 * or git is missing or the project is not a git checkout.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, makeTempDir, removeDir, template } from './helpers';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'armlint test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'armlint test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 280_000, env: { ...ENV, ...env } });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The `repo:` and `rev:` of the README's .pre-commit-config.yaml snippet. */
function readmeSnippet(): { repo: string; rev: string } {
  const block = /```yaml\n(repos:\n[\s\S]*?)```/.exec(README);
  if (!block) throw new Error('README has no pre-commit snippet');
  const repo = /repo: (\S+)/.exec(block[1])?.[1];
  const rev = /rev: (\S+)/.exec(block[1])?.[1];
  if (!repo || !rev) throw new Error('the snippet has no repo or rev');
  return { repo, rev };
}

function missing(): string | undefined {
  if (sh('pre-commit', ['--version'], ROOT).status !== 0) return 'pre-commit is not installed (Debian: apt-get install pre-commit)';
  if (sh('git', ['rev-parse', '--git-dir'], ROOT).status !== 0) return 'git is missing or the project is not a git checkout';
  const shallow = sh('git', ['rev-parse', '--is-shallow-repository'], ROOT).out.trim() === 'true';
  if (shallow && sh('git', ['cat-file', '-e', `${readmeSnippet().rev}^{commit}`], ROOT).status !== 0) return 'a shallow clone without the commit the README pins';
  return undefined;
}

const reason = missing();
if (reason) {
  // eslint-disable-next-line no-console
  console.log(`skipping the README pre-commit rev test: ${reason}`);
}
const describeIfPreCommit = reason ? describe.skip : describe;

describeIfPreCommit("the README's pre-commit rev", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = makeTempDir('armlint-pre-commit-rev-');
  });
  afterAll(() => removeDir(scratch));

  test('is a full commit SHA of this repository, and pre-commit runs the hook at it', () => {
    const { repo, rev } = readmeSnippet();
    expect(repo).toBe('https://github.com/armlint/armlint');
    expect(rev).toMatch(/^[0-9a-f]{40}$/);
    expect(sh('git', ['cat-file', '-e', `${rev}^{commit}`], ROOT).status).toBe(0);

    const clone = path.join(scratch, 'armlint');
    expect(sh('git', ['clone', '-q', '--no-checkout', ROOT, clone], scratch).status).toBe(0);
    const user = path.join(scratch, 'user');
    fs.mkdirSync(path.join(user, 'infra'), { recursive: true });
    expect(sh('git', ['init', '-q'], user).status).toBe(0);
    fs.writeFileSync(path.join(user, '.pre-commit-config.yaml'), `repos:\n  - repo: ${clone}\n    rev: ${rev}\n    hooks:\n      - id: armlint\n`);
    fs.writeFileSync(path.join(user, 'infra', 'vm.json'), template());
    sh('git', ['add', '.'], user);
    const run = sh('pre-commit', ['run'], user, { PRE_COMMIT_HOME: path.join(scratch, 'cache'), PRE_COMMIT_COLOR: 'never' });
    expect(run.out).toMatch(/armlint \(ARM templates and scripts\)\.+Failed/);
    expect(run.out).toContain('no-managed-identity-extension');
    expect(run.status).toBe(1);
  }, 300_000);
});

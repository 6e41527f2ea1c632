/**
 * The pre-commit hook end to end, with the real `pre-commit` tool: this
 * working tree is committed to a scratch repository, which a temporary user
 * repository names as `repo:` with `rev:` (as users do with the GitHub URL);
 * pre-commit clones it, runs `npm install` (which builds dist/) and `npm pack`.
 * A staged template with the deprecated extension fails the hook, naming the
 * rule; after `armlint --fix` (and staging the fix) it passes.
 * Skips, saying why, where pre-commit or git is not installed.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, makeTempDir, removeDir, template } from './helpers';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 280_000,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'armlint test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'armlint test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      ...env,
    },
  });
}

function missing(): string | undefined {
  const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (preCommit.error || preCommit.status !== 0) return 'pre-commit is not installed (Debian: apt-get install pre-commit)';
  const git = spawnSync('git', ['--version'], { encoding: 'utf8' });
  if (git.error || git.status !== 0) return 'git is not installed';
  const tracked = spawnSync('git', ['ls-files', '--error-unmatch', 'package.json'], { cwd: ROOT, encoding: 'utf8' });
  if (tracked.status !== 0) return 'the project is not a git checkout';
  return undefined;
}

const reason = missing();
if (reason) {
  // eslint-disable-next-line no-console
  console.log(`skipping the pre-commit end-to-end test: ${reason}`);
}
const describeIfPreCommit = reason ? describe.skip : describe;

describeIfPreCommit('pre-commit hook "armlint" (real pre-commit, installed from a git repository)', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = makeTempDir('armlint-pre-commit-');
  });
  afterAll(() => removeDir(scratch));

  test('a staged template with the extension fails and names the rule; after armlint --fix it passes', () => {
    // 1. This working tree as a git repository (tracked and new files, not ignored ones).
    const hookRepo = path.join(scratch, 'armlint');
    const listed = run('git', ['ls-files', '-co', '--exclude-standard', '-z'], ROOT);
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted, not yet committed
      fs.mkdirSync(path.dirname(path.join(hookRepo, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(hookRepo, file));
    }
    expect(fs.existsSync(path.join(hookRepo, '.pre-commit-hooks.yaml'))).toBe(true);
    expect(run('git', ['init', '-q'], hookRepo).status).toBe(0);
    run('git', ['add', '.'], hookRepo);
    expect(run('git', ['commit', '-q', '--no-verify', '-m', 'snapshot'], hookRepo).status).toBe(0);
    const rev = run('git', ['rev-parse', 'HEAD'], hookRepo).stdout.trim();

    // 2. A user's repository with the hook configured and a template staged.
    const user = path.join(scratch, 'user');
    fs.mkdirSync(user);
    expect(run('git', ['init', '-q'], user).status).toBe(0);
    fs.writeFileSync(
      path.join(user, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: armlint\n`,
    );
    fs.mkdirSync(path.join(user, 'infra'));
    fs.writeFileSync(path.join(user, 'infra', 'vm.json'), template());
    fs.writeFileSync(path.join(user, 'infra', 'vm.parameters.json'), '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}\n');
    fs.writeFileSync(path.join(user, 'README.md'), 'not json\n');
    // A script beside the templates, with a dead token request: the hook passes it to armlint too.
    fs.writeFileSync(path.join(user, 'infra', 'get-token.sh'), "#!/bin/sh\ncurl -s -H Metadata:true 'http://localhost:50342/oauth2/token?resource=https://vault.azure.net'\n");
    run('git', ['add', '.'], user);
    const env = { PRE_COMMIT_HOME: path.join(scratch, 'cache'), PRE_COMMIT_COLOR: 'never' };

    const failing = run('pre-commit', ['run'], user, env);
    const log = `${failing.stdout}\n${failing.stderr}`;
    expect({ status: failing.status, log }).toEqual({ status: 1, log: expect.stringContaining('no-managed-identity-extension') });
    expect(log).toMatch(/armlint \(ARM templates and scripts\)\.+Failed/);
    expect(log).toContain('infra/vm.json');
    expect(log).toContain('infra/get-token.sh');
    expect(log).toContain('imds-token-endpoint');

    // 3. Fix, stage, run again.
    const fixed = run(process.execPath, [CLI, '--fix', 'infra'], user);
    expect(fixed.status).toBe(0);
    run('git', ['add', '.'], user);
    const passing = run('pre-commit', ['run'], user, env);
    expect({ status: passing.status, log: `${passing.stdout}\n${passing.stderr}` }).toEqual({ status: 0, log: expect.stringMatching(/armlint \(ARM templates and scripts\)\.+Passed/) });
  }, 300_000);
});

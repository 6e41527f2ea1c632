/**
 * Running bin/armlint.js before `npm ci`: a clone without dist/ (never built)
 * or without node_modules (never installed) says to run `npm ci` and exits 2,
 * the usage/internal code, never 1 ("problems found") with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, makeTempDir, removeDir } from './support';

function runBinIn(root: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'armlint.js'), '.'], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a missing build', () => {
  let root: string;
  beforeEach(() => {
    // Under the temp folder no node_modules is found by Node's lookup.
    root = makeTempDir('armlint-unbuilt-');
    fs.cpSync(path.join(ROOT, 'bin'), path.join(root, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  });
  afterEach(() => removeDir(root));

  test('without dist/: says armlint is not built and to run npm ci, exit 2', () => {
    const run = runBinIn(root);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: `armlint: armlint is not built (dist/ is missing). Run \`npm ci\` in ${root}: it installs the dependencies and builds armlint.\n`,
    });
  });

  test('built but without node_modules: names the missing dependency and says to run npm ci, exit 2', () => {
    fs.cpSync(path.join(ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
    const run = runBinIn(root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^armlint: a dependency is missing \\((yargs|jsonc-parser|fast-glob|diff|ajv)\\)\\. Run \`npm ci\` in ${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it installs the dependencies and builds armlint\\.\\n$`));
  });
});

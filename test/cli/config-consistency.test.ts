/**
 * Config and command line agree, through the real CLI: `--config` ignores are
 * relative to the working directory (ESLint's `-c`), so the README's example
 * works as written; severities are spelled the same in `--rule` and configs;
 * `--print-config` answers the one file it is given or is a usage error.
 */
import * as path from 'node:path';
import { armlint, json, template, useTempTrees } from './helpers';

const EXT = 'no-managed-identity-extension';
const tree = useTempTrees();

/** The README's example: a strict config in ci/ whose ignores name files of the folder being linted. */
function readmeExample(): string {
  return tree({
    '.git/HEAD': '',
    'ci/armlint.strict.json': JSON.stringify({ rules: { 'imds-token-endpoint': 'error' }, ignores: ['generated/**', '*.legacy.json'] }),
    'generated/vm.json': template(),
    'infra/old.legacy.json': template(),
    'infra/vm.json': template(),
  });
}

describe('--config', () => {
  test("the README's `--config ci/armlint.strict.json .`: ignores are relative to the working directory", () => {
    const dir = readmeExample();
    const run = armlint(['--config', 'ci/armlint.strict.json', '--format', 'json', '.'], { cwd: dir });
    expect(json(run.stdout).map((r) => [path.relative(dir, r.filePath), r.errorCount])).toEqual([['infra/vm.json', 2]]);
  });

  test('--print-config with --config says what the ignores are relative to', () => {
    const dir = readmeExample();
    const printed = JSON.parse(armlint(['--config', 'ci/armlint.strict.json', '--print-config', 'generated/vm.json'], { cwd: dir }).stdout);
    expect(printed).toMatchObject({ configFile: path.join(dir, 'ci', 'armlint.strict.json'), ignored: true, ignoresRelativeTo: dir });
  });

  test('a config found by lookup keeps its own folder as the base', () => {
    const dir = tree({ '.git/HEAD': '', 'sub/armlint.config.json': JSON.stringify({ ignores: ['generated/**'] }), 'generated/vm.json': template(), 'sub/generated/vm.json': template() });
    const run = armlint(['--format', 'json', '.'], { cwd: dir });
    expect(json(run.stdout).map((r) => path.relative(dir, r.filePath))).toEqual(['generated/vm.json']);
  });
});

describe('severities are spelled the same everywhere', () => {
  test('--rule id:warning is a usage error, as "warning" is in a config', () => {
    const dir = tree({ 't.json': template() });
    const run = armlint(['--rule', `${EXT}:warning`, '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`armlint: invalid configuration:\n  --rule ${EXT}:warning: unknown severity "warning"; allowed: off, warn, error.\n`);
  });
});

describe('--print-config', () => {
  test('more than one file is a usage error naming the extra ones', () => {
    const dir = tree({ 'a.json': template(), 'b.json': template() });
    const run = armlint(['--print-config', 'a.json', 'b.json', 'c.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("armlint: --print-config takes exactly one file; also given: b.json, c.json.\nRun 'armlint --help' for usage.\n");
  });
});

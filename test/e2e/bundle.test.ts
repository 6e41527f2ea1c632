/**
 * bin/armlint.js loads the CLI bundled into one file at build time (start-up);
 * the unbundled modules in dist/ stay for the API and the worker threads. The
 * bundle must behave exactly like the modules it was built from.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, SHARED, copyDir, removeDir } from './support';

const BUNDLE = path.join(ROOT, 'dist/src/cli.bundle.js');
const MODULES = path.join(ROOT, 'dist/src/cli.js');
const MSI_HISTORY = path.join(SHARED, 'corpus/msi-history');

/** Runs `main()` of one of the two builds with `args`. */
function run(entry: string, args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)}).main()`, '--', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  test('bin/armlint.js loads the bundle', () => {
    expect(fs.readFileSync(CLI, 'utf8')).toContain('dist/src/cli.bundle.js');
    expect(fs.existsSync(BUNDLE)).toBe(true);
  });

  test.each([[['--help']], [['--version']], [['--bogus']], [['--concurrency', 'x']], [['--print-config', 'a.json']]])('prints what the modules print: %j', (args) => {
    expect(run(BUNDLE, args)).toEqual(run(MODULES, args));
  });

  const shared = fs.existsSync(MSI_HISTORY) ? test : test.skip;
  if (!fs.existsSync(MSI_HISTORY)) console.log(`skipping: ${MSI_HISTORY} not found`);
  shared.each([[['--format', 'json']], [['--format', 'sarif']], [['--diff']], [['--concurrency', '2', '--format', 'json']]])(
    'reports what the modules report on msi-history: %j',
    (args) => {
      expect(run(BUNDLE, [...args, MSI_HISTORY])).toEqual(run(MODULES, [...args, MSI_HISTORY]));
    },
  );

  shared('--fix writes the same bytes as the modules, and a config file (ajv, outside the bundle) is honoured', () => {
    const a = copyDir(MSI_HISTORY);
    const b = copyDir(MSI_HISTORY);
    try {
      for (const dir of [a, b]) fs.writeFileSync(path.join(dir, 'armlint.config.json'), JSON.stringify({ rules: { 'imds-token-endpoint': 'off' } }));
      const bundled = run(BUNDLE, ['--fix', '--format', 'json', '.'], a);
      const modules = run(MODULES, ['--fix', '--format', 'json', '.'], b);
      expect(bundled.stdout.split(a).join('<dir>')).toBe(modules.stdout.split(b).join('<dir>'));
      for (const name of fs.readdirSync(a)) expect(fs.readFileSync(path.join(a, name), 'utf8')).toBe(fs.readFileSync(path.join(b, name), 'utf8'));
      expect(bundled.stdout).not.toContain('imds-token-endpoint');
    } finally {
      removeDir(path.dirname(a));
      removeDir(path.dirname(b));
    }
  });
});

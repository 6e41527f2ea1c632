/**
 * bin/armlint.js keeps V8's code cache next to the bundle. Whatever that file
 * holds (nothing, garbage, bytes damaged in the middle, a cache of an older
 * bundle) a run must print exactly what a run without it prints, and a bad
 * cache is replaced. Each test runs a copy of the package (bin/ and the bundle
 * copied, the rest linked) so the checkout's own cache is left alone.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, makeTempDir, removeDir } from './support';

const EXAMPLES = path.join(ROOT, 'examples');
let pkg: string;
let cacheFile: string;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'armlint.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lintExamples = () => run(['--format', 'json', EXAMPLES]);

beforeEach(() => {
  pkg = makeTempDir('armlint-code-cache-');
  fs.mkdirSync(path.join(pkg, 'bin'));
  fs.mkdirSync(path.join(pkg, 'dist', 'src'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'bin', 'armlint.js'), path.join(pkg, 'bin', 'armlint.js'));
  fs.copyFileSync(path.join(ROOT, 'dist', 'src', 'cli.bundle.js'), path.join(pkg, 'dist', 'src', 'cli.bundle.js'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  for (const name of ['node_modules', 'data', 'schemas', 'rules']) fs.symlinkSync(path.join(ROOT, name), path.join(pkg, name));
  cacheFile = path.join(pkg, 'dist', 'src', 'cli.bundle.v8cache');
});

afterEach(() => removeDir(pkg));

describe('the code cache of the bundled CLI', () => {
  test('a run without one writes one; the next run uses it and prints the same', () => {
    const first = lintExamples();
    expect(first.stderr).toBe('');
    expect(fs.existsSync(cacheFile)).toBe(true);
    const written = fs.readFileSync(cacheFile);
    expect(lintExamples()).toEqual(first);
    // Accepted, so not written again.
    expect(fs.readFileSync(cacheFile).equals(written)).toBe(true);
    expect(fs.readdirSync(path.dirname(cacheFile)).sort()).toEqual(['cli.bundle.js', 'cli.bundle.v8cache']);
  });

  test.each([
    ['empty', () => Buffer.alloc(0)],
    ['garbage', () => Buffer.from('not a code cache\n'.repeat(100))],
    ['truncated', (good: Buffer) => good.subarray(0, good.length >> 1)],
    // The bundle's stamp intact, V8's header intact: only V8's checksum can tell (without it V8 aborts the process).
    ['damaged in the middle', (good: Buffer) => {
      const bad = Buffer.from(good);
      for (let i = bad.length >> 1; i < (bad.length >> 1) + 64; i++) bad[i] ^= 0x5a;
      return bad;
    }],
  ])('a cache file that is %s changes nothing and is replaced', (_name, damage) => {
    const expected = lintExamples();
    const good = fs.readFileSync(cacheFile);
    fs.writeFileSync(cacheFile, damage(good));
    expect(lintExamples()).toEqual(expected);
    const replaced = fs.readFileSync(cacheFile);
    expect(replaced.length).toBeGreaterThan(16);
    expect(lintExamples()).toEqual(expected);
  });

  test('a rebuilt bundle does not get the old cache', () => {
    const expected = lintExamples();
    const stale = fs.readFileSync(cacheFile);
    // Same length, other text: V8 alone (it checks the length) would take the old cache.
    const bundle = path.join(pkg, 'dist', 'src', 'cli.bundle.js');
    const text = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, text.replace('// dist/src/cli.js', '// dist/src/CLI.js'));
    expect(fs.readFileSync(bundle, 'utf8')).not.toBe(text);
    expect(fs.statSync(bundle).size).toBe(Buffer.byteLength(text));
    expect(lintExamples()).toEqual(expected);
    expect(fs.readFileSync(cacheFile).subarray(0, 16).equals(stale.subarray(0, 16))).toBe(false);
  });

  const writable = process.getuid?.() === 0 ? test.skip : test;
  if (process.getuid?.() === 0) console.log('skipping the read-only test: root writes anywhere');
  writable('a folder armlint cannot write to leaves the run as it is, without a cache', () => {
    const folder = path.dirname(cacheFile);
    fs.chmodSync(folder, 0o555);
    try {
      const r = lintExamples();
      expect(r.stderr).toBe('');
      expect(fs.readdirSync(folder)).toEqual(['cli.bundle.js']);
    } finally {
      fs.chmodSync(folder, 0o755);
    }
  });
});

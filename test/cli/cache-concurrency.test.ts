/**
 * --cache and --concurrency through the real CLI: a cached run reports
 * exactly what an uncached one does; a changed file, a changed rule setting
 * or a corrupt cache file are handled; worker threads give the same report
 * as the main thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { armlint, json, template, useTempTrees } from './helpers';

const tree = useTempTrees();
const clean = (name: string) =>
  JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [], outputs: { n: { type: 'string', value: name } } });

describe('--cache', () => {
  test('a second run answers from the cache with the same report; a changed file is linted again', () => {
    const dir = tree({ 'a.json': template(), 'b.json': clean('b') });
    const first = armlint(['--cache', '--format', 'json', '.'], { cwd: dir });
    const cacheFile = path.join(dir, '.armlintcache');
    expect(fs.existsSync(cacheFile)).toBe(true);
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    expect(Object.keys(cached.entries).map((f) => path.basename(f)).sort()).toEqual(['a.json', 'b.json']);

    const second = armlint(['--cache', '--format', 'json', '.'], { cwd: dir });
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(1);

    // The cache is consulted: a planted entry is believed for an unchanged file...
    const a = path.join(dir, 'a.json');
    cached.entries['a.json'].result.findings[0].message = 'from the cache';
    fs.writeFileSync(cacheFile, JSON.stringify(cached));
    expect(json(armlint(['--cache', '--format', 'json', '.'], { cwd: dir }).stdout)[0].messages[0].message).toBe('from the cache');

    // ...and not once the file's content changes.
    fs.writeFileSync(a, template().replace('"vm1"', '"vm2"'));
    const third = armlint(['--cache', '--format', 'json', '.'], { cwd: dir });
    expect(json(third.stdout)[0].messages[0].message).not.toBe('from the cache');
    expect(third.stdout).toBe(first.stdout);
  });

  test('a cache restored into another checkout folder is used (keys are relative to the cache file)', () => {
    const dir = tree({ 'sub/a.json': template(), 'b.json': clean('b') });
    const first = armlint(['--cache', '--format', 'json', '.'], { cwd: dir });
    const cacheFile = path.join(dir, '.armlintcache');
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    expect(Object.keys(cached.entries).sort()).toEqual(['b.json', 'sub/a.json']);
    // Planted, so the report shows whether the cache was believed.
    cached.entries['sub/a.json'].result.findings[0].message = 'from the cache';
    fs.writeFileSync(cacheFile, JSON.stringify(cached));

    // Another checkout: new folder, new mtimes (as after a CI cache restore and a fresh clone).
    const other = tree({ 'sub/a.json': template(), 'b.json': clean('b') });
    fs.copyFileSync(cacheFile, path.join(other, '.armlintcache'));
    const later = new Date(Date.now() + 120_000);
    for (const f of ['sub/a.json', 'b.json']) fs.utimesSync(path.join(other, f), later, later);
    const restored = armlint(['--cache', '--format', 'json', '.'], { cwd: other });
    const byFile = new Map(json(restored.stdout).map((r) => [path.relative(other, r.filePath), r.messages.map((m) => m.message)]));
    expect(byFile.get('b.json')).toEqual([]);
    expect(byFile.get(path.join('sub', 'a.json'))![0]).toBe('from the cache');
    // Outside the cache's folder, paths still resolve relative to it.
    const fromElsewhere = armlint(['--cache', '--cache-location', path.join(other, '.armlintcache'), '--format', 'json', path.join(other, 'sub')], { cwd: path.dirname(other) });
    expect(json(fromElsewhere.stdout)[0].messages[0].message).toBe('from the cache');
    expect(first.stdout).not.toContain('from the cache');
  });

  test('a different rule setting does not reuse results', () => {
    const dir = tree({ 'a.json': template() });
    armlint(['--cache', '--format', 'json', '.'], { cwd: dir });
    const off = armlint(['--cache', '--format', 'json', '--rule', 'no-managed-identity-extension:off', '--rule', 'imds-token-endpoint:off', '.'], { cwd: dir });
    expect(json(off.stdout)[0].messages).toEqual([]);
    expect(off.status).toBe(0);
  });

  test('a corrupt cache file is ignored and rebuilt; --cache-location is honoured', () => {
    const dir = tree({ 'a.json': template(), 'cache/x': '' });
    const location = path.join(dir, 'cache', 'armlint.json');
    fs.writeFileSync(location, '{"armlint": "0.1.0", "entries": {"');
    const run = armlint(['--cache', '--cache-location', location, '--format', 'json', 'a.json'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(location, 'utf8')).entries).toHaveProperty(['../a.json']);
  });

  test('--fix with --cache fixes a file whose cached result has fixable problems', () => {
    const dir = tree({ 'a.json': template() });
    armlint(['--cache', '.'], { cwd: dir });
    const fixed = armlint(['--cache', '--fix', '--format', 'json', '.'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'a.json'), 'utf8')).not.toContain('Microsoft.ManagedIdentity');
    expect(json(fixed.stdout)[0].messages).toEqual([]);
    expect(armlint(['--cache', '--format', 'json', '.'], { cwd: dir }).stdout).toBe(fixed.stdout.replace(/,"output":"(?:[^"\\]|\\.)*"/, ''));
  });
});

describe('--concurrency', () => {
  test('worker threads report exactly what the main thread does, in the same order', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1200; i++) files[`f${String(i).padStart(4, '0')}.json`] = i % 97 === 0 ? template() : clean(`f${i}`);
    files['armlint.config.json'] = JSON.stringify({ rules: { 'imds-token-endpoint': 'off' } });
    const dir = tree(files);
    const main = armlint(['--concurrency', 'off', '--format', 'json', '.'], { cwd: dir });
    const workers = armlint(['--concurrency', '2', '--format', 'json', '.'], { cwd: dir });
    expect(workers.stdout).toBe(main.stdout);
    expect(workers.status).toBe(main.status);
    expect(json(main.stdout).filter((r) => r.messages.length > 0)).toHaveLength(13);
  });

  test('--fix writes the same bytes on the main thread (writes overlapping linting) and over workers, in report order, leaving no temporary file', () => {
    const files: Record<string, string> = {};
    // Every third file is fixed: renames finish out of order while later files are linted.
    for (let i = 0; i < 150; i++) files[`d${i % 7}/f${String(i).padStart(3, '0')}.json`] = i % 3 === 0 ? template() : clean(`f${i}`);
    const main = tree(files);
    const workers = tree(files);
    const fixedMain = armlint(['--fix', '--concurrency', 'off', '--format', 'json', '.'], { cwd: main });
    const fixedWorkers = armlint(['--fix', '--concurrency', '2', '--format', 'json', '.'], { cwd: workers });
    expect(fixedWorkers.status).toBe(fixedMain.status);
    const relative = (dir: string, stdout: string) => json(stdout).map((r) => ({ ...r, filePath: path.relative(dir, r.filePath) }));
    const report = relative(main, fixedMain.stdout);
    expect(relative(workers, fixedWorkers.stdout)).toEqual(report);
    expect(report.map((r) => r.filePath)).toEqual(Object.keys(files).map((f) => f.split('/').join(path.sep)).sort());
    expect(report.filter((r) => r.output !== undefined)).toHaveLength(50);
    for (const name of Object.keys(files)) {
      const text = fs.readFileSync(path.join(main, name), 'utf8');
      expect(fs.readFileSync(path.join(workers, name), 'utf8')).toBe(text);
      expect(text).toBe(report.find((r) => r.filePath === name.split('/').join(path.sep))!.output ?? files[name]);
    }
    for (const dir of [main, workers]) for (let d = 0; d < 7; d++) expect(fs.readdirSync(path.join(dir, `d${d}`)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('rejects a value that is not auto, off or a positive number', () => {
    const run = armlint(['--concurrency', 'many', '.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--concurrency takes 'auto', 'off' or a positive number");
  });
});

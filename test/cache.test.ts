import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { LintCache } from '../src/cache/lint-cache';
import type { FileResult } from '../src/lint-files';

/** A result as lintFile gives it with `fingerprint: true`: the fingerprint of the bytes on disk. */
const result = (filePath: string, message = 'm'): FileResult => ({
  ...base(filePath, message),
  fingerprint: fingerprintOf(filePath),
});
const fingerprintOf = (filePath: string) => {
  const stat = fs.statSync(filePath);
  return { size: stat.size, mtimeMs: stat.mtimeMs, hash: createHash('sha256').update(fs.readFileSync(filePath)).digest('hex') };
};
const base = (filePath: string, message: string): FileResult => ({
  filePath,
  isTemplate: true,
  findings: [{ ruleId: 'r', severity: 'error', message, offset: 0, length: 1, line: 1, column: 1, endLine: 1, endColumn: 2 }],
  source: '{}',
  fixed: 0,
});

describe('LintCache', () => {
  let dir: string;
  let file: string;
  let location: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-cache-'));
    file = path.join(dir, 't.json');
    location = path.join(dir, '.armlintcache');
    fs.writeFileSync(file, '{"a": 1}');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns a stored result for the unchanged file, with the same settings and version', () => {
    const cache = LintCache.load(location, '1.0.0');
    expect(cache.lookup(file, 's')).toBeUndefined();
    cache.store(file, 's', result(file));
    cache.save();
    const again = LintCache.load(location, '1.0.0');
    expect(again.lookup(file, 's')).toEqual(base(file, 'm'));
  });

  it('misses when the content changes, the settings change or the version changes', () => {
    const cache = LintCache.load(location, '1.0.0');
    cache.store(file, 's', result(file));
    cache.save();
    expect(LintCache.load(location, '1.0.0').lookup(file, 'other')).toBeUndefined();
    expect(LintCache.load(location, '1.0.1').lookup(file, 's')).toBeUndefined();
    fs.writeFileSync(file, '{"a": 2}');
    expect(LintCache.load(location, '1.0.0').lookup(file, 's')).toBeUndefined();
  });

  it('keys by content: a touched file with the same bytes still hits', () => {
    const cache = LintCache.load(location, '1.0.0');
    cache.store(file, 's', result(file));
    cache.save();
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    expect(LintCache.load(location, '1.0.0').lookup(file, 's')).toEqual(base(file, 'm'));
  });

  it('ignores a corrupt cache file and rebuilds it', () => {
    fs.writeFileSync(location, '{"armlint": "1.0.0", "entries": {tru');
    const cache = LintCache.load(location, '1.0.0');
    expect(cache.lookup(file, 's')).toBeUndefined();
    cache.store(file, 's', result(file));
    cache.save();
    expect(JSON.parse(fs.readFileSync(location, 'utf8')).armlint).toBe('1.0.0');
    expect(LintCache.load(location, '1.0.0').lookup(file, 's')).toEqual(base(file, 'm'));
  });

  it('does not store a result without the fingerprint of the bytes it came from', () => {
    const cache = LintCache.load(location, '1.0.0');
    cache.store(file, 's', base(file, 'm'));
    expect(cache.lookup(file, 's')).toBeUndefined();
  });

  it('does not store the result of a file a fix rewrote', () => {
    const cache = LintCache.load(location, '1.0.0');
    cache.store(file, 's', { ...result(file), output: '{"a": 3}' });
    expect(cache.lookup(file, 's')).toBeUndefined();
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { LintCache } from '../src/cache/lint-cache';
import type { FileResult } from '../src/lint-files';
import { allRules } from '../rules';
import { lintText } from '../src/engine/linter';
import { formatters } from '../src/formatters';
import { rebuildSource, sketchSource } from '../src/cache/source-sketch';
import { describeIfShared, SHARED } from './e2e/support';
import fc from 'fast-check';
import { SourceText } from '../src/parsing/source-text';
import { fixDataFor } from '../src/fixer/fix-data';

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
    expect(again.lookup(file, 's')).toEqual({ ...base(file, 'm'), source: '' });
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
    expect(LintCache.load(location, '1.0.0').lookup(file, 's')).toEqual({ ...base(file, 'm'), source: '' });
  });

  it('ignores a corrupt cache file and rebuilds it', () => {
    fs.writeFileSync(location, '{"armlint": "1.0.0", "entries": {tru');
    const cache = LintCache.load(location, '1.0.0');
    expect(cache.lookup(file, 's')).toBeUndefined();
    cache.store(file, 's', result(file));
    cache.save();
    expect(JSON.parse(fs.readFileSync(location, 'utf8')).armlint).toBe('1.0.0');
    expect(LintCache.load(location, '1.0.0').lookup(file, 's')).toEqual({ ...base(file, 'm'), source: '' });
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

describe('the cache keeps what printing needs, not file texts', () => {
  it('a result rebuilt from its sketch prints exactly like the original, in every format', () => {
    const eols = ['\n', '\r\n', '\r'];
    const texts = fs
      .readdirSync(path.resolve(__dirname, '../fixtures'))
      .map((name) => path.resolve(__dirname, '../fixtures', name, 'input.json'))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'));
    // Mixed line breaks (a lone \r before \r\n, \r\r) and a BOM.
    texts.push(...eols.map((eol) => `\ufeff${texts[0].split('\n').join(eol)}`), texts[0].replace(/\n/g, (_, i: number) => eols[i % 3]));
    let printed = 0;
    for (const text of texts) {
      const findings = lintOnly(text);
      const sketch = sketchSource(text, findings);
      if (!sketch) continue;
      const original: FileResult = { filePath: '/t/a.json', isTemplate: true, findings, source: text, fixed: 0 };
      const rebuilt = { ...original, source: rebuildSource(sketch) };
      expect(rebuilt.source).toHaveLength(text.length);
      for (const format of ['json', 'sarif', 'stylish', 'github'] as const) {
        const options = { cwd: '/t', rules: allRules, fixed: false, dryRun: false, color: false };
        expect(formatters[format]([rebuilt], options)).toBe(formatters[format]([original], options));
      }
      printed++;
    }
    expect(printed).toBeGreaterThanOrEqual(texts.length - 2);
  });

  it('a sketch holds no text outside the fixes\' ranges', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/comments-around-removed/input.json'), 'utf8');
    const findings = lintOnly(text);
    const sketch = sketchSource(text, findings)!;
    const kept = sketch.pieces.reduce((n, [, piece]) => n + piece.length, 0);
    expect(kept).toBeLessThan(text.length);
    expect(JSON.stringify(sketch)).not.toContain('"$schema"');
  });
});

describeIfShared('the cache on templates with findings', path.join(SHARED, 'corpus/msi-history'), () => {
  it('prints the same JSON and SARIF report from a cache hit as from linting', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-cache-'));
    try {
      const location = path.join(dir, '.armlintcache');
      const corpus = path.join(SHARED, 'corpus/msi-history');
      const cache = LintCache.load(location, '1.0.0');
      const originals: FileResult[] = [];
      for (const name of fs.readdirSync(corpus).filter((n) => n.endsWith('.json'))) {
        const file = path.join(dir, name);
        fs.copyFileSync(path.join(corpus, name), file);
        const text = fs.readFileSync(file, 'utf8');
        const findings = lintOnly(text);
        const result: FileResult = { filePath: file, isTemplate: true, findings, source: text, fixed: 0 };
        originals.push(result);
        cache.store(file, 's', { ...result, fingerprint: fingerprintOf(file) });
      }
      cache.save();
      const stored = fs.readFileSync(location, 'utf8');
      const texts = originals.reduce((n, r) => n + r.source.length, 0);
      expect(stored.length).toBeLessThan(texts / 2);
      const again = LintCache.load(location, '1.0.0');
      const hits = originals.map((r) => again.lookup(r.filePath, 's')!);
      for (const format of ['json', 'sarif'] as const) {
        const options = { cwd: dir, rules: allRules, fixed: false, dryRun: false, color: false };
        expect(formatters[format](hits, options)).toBe(formatters[format](originals, options));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The findings a lint reports, with their fixes (what --cache stores for a lint run). */
function lintOnly(text: string) {
  return lintText(text, allRules.map((rule) => ({ rule, severity: rule.meta.severity }))).findings;
}

describe('a source sketch, on any text', () => {
  // Texts made of the characters that matter: line breaks of every kind, a BOM, a lone surrogate, an emoji, and others.
  const chars = fc.constantFrom('a', ' ', '\n', '\r', '\r\n', '\t', '{', '"', '\ufeff', 'é', '\ud83d', '\ud83d\ude00');
  const textAndEdits = fc
    .array(chars, { minLength: 1, maxLength: 200 })
    .map((parts) => parts.join(''))
    .chain((text) =>
      fc.tuple(
        fc.constant(text),
        fc.array(
          fc.array(fc.tuple(fc.nat(text.length), fc.nat(8), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 3 }).map((edits) =>
            edits.map(([offset, length, content]) => ({ offset, length: Math.min(length, text.length - offset), content })),
          ),
          { minLength: 1, maxLength: 4 },
        ),
      ),
    );

  it('rebuilds a text too long for the shared buffer, and the short ones before and after it, exactly', () => {
    const fixAt = (offset: number, length: number) => [{ ruleId: 'r', severity: 'error' as const, message: 'm', offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1, fix: { edits: [{ offset, length, content: 'x' }] } }];
    const short = 'a\r\nbé\n"c"\n';
    const long = `${'\ufeff'}${'{ "k": 1 },\r\n'.repeat(90_000)}"tail é"\n`;
    for (const [text, findings] of [[short, fixAt(3, 4)], [long, fixAt(long.length - 9, 6)], [short, fixAt(0, 9)]] as const) {
      const rebuilt = rebuildSource(sketchSource(text, findings)!);
      expect(rebuilt).toHaveLength(text.length);
      const last = findings[0].fix.edits[0].offset + findings[0].fix.edits[0].length;
      expect(new SourceText(rebuilt).positionAt(last)).toEqual(new SourceText(text).positionAt(last));
      expect(fixDataFor(rebuilt, findings[0].fix.edits)).toEqual(fixDataFor(text, findings[0].fix.edits));
      expect(rebuilt.replace(/[^\r\n\ufeff]/g, '')).toBe(text.slice(0, last + 1).replace(/[^\r\n\ufeff]/g, ''));
    }
  });

  // Texts with a \r somewhere (beyond the last fix or before it) and texts without one take different paths.
  it.each([
    ['any line breaks', textAndEdits],
    ['\\n line breaks only', textAndEdits.map(([text, fixes]) => [text.replace(/\r/g, 'x'), fixes] as const)],
  ])('gives every position up to the last fix and every merged fix exactly as the full text does, %s', (_, texts) => {
    fc.assert(
      fc.property(texts, ([text, fixes]) => {
        const findings = fixes.map((edits) => ({ ruleId: 'r', severity: 'error' as const, message: 'm', offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1, fix: { edits } }));
        const sketch = sketchSource(text, findings)!;
        const rebuilt = rebuildSource(JSON.parse(JSON.stringify(sketch)));
        const original = new SourceText(text);
        const copy = new SourceText(rebuilt);
        const last = Math.max(...fixes.flat().map((e) => e.offset + e.length));
        for (let offset = 0; offset <= last; offset++) expect(copy.positionAt(offset)).toEqual(original.positionAt(offset));
        for (const edits of fixes) expect(fixDataFor(rebuilt, edits)).toEqual(fixDataFor(text, edits));
      }),
      { numRuns: 500, seed: 20261123 },
    );
  });
});

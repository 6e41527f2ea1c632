import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../lint-files';
import { rebuildSource, sketchSource, type SourceSketch } from './source-sketch';

/** One file's cached result; `size`/`mtimeMs` let an unchanged file skip even the read. */
interface Entry {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the content: the key when the metadata changed but the bytes did not. */
  hash: string;
  /** The effective rule settings the result was computed with. */
  settings: string;
  result: Omit<FileResult, 'filePath' | 'output' | 'source'>;
  /** What printing the findings needs of the file's text (not the text itself). */
  sketch?: SourceSketch;
}

interface CacheFile {
  armlint: string;
  /** The layout of this file; another layout is ignored and rebuilt. */
  format: number;
  /** Keyed by path relative to the cache file's folder, with `/`: a cache restored into another checkout folder still applies. */
  entries: Record<string, Entry>;
}

const FORMAT = 2;

/**
 * ESLint-style results cache (`--cache`): a result is reused when the file's
 * content (by hash; by size and mtime as a shortcut), armlint's version and
 * the effective rule settings are what they were. A missing, unreadable or
 * corrupt cache file is ignored and rebuilt.
 */
export class LintCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;

  /** The folder keys are relative to. */
  private readonly base: string;

  private constructor(
    readonly location: string,
    private readonly version: string,
  ) {
    this.base = path.dirname(path.resolve(location));
  }

  static load(location: string, version: string): LintCache {
    const cache = new LintCache(location, version);
    try {
      const data = JSON.parse(fs.readFileSync(location, 'utf8')) as CacheFile;
      if (data && data.armlint === version && data.format === FORMAT && typeof data.entries === 'object' && data.entries !== null) cache.entries = data.entries;
      else cache.dirty = true;
    } catch {
      cache.dirty = true; // absent or corrupt: start afresh
    }
    return cache;
  }

  /** The cached result for `filePath`, or undefined when it must be linted. */
  lookup(filePath: string, settings: string): FileResult | undefined {
    const entry = this.entries[this.keyOf(filePath)];
    if (!entry || entry.settings !== settings) return undefined;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      return undefined;
    }
    if (stat.size !== entry.size) return undefined;
    if (stat.mtimeMs !== entry.mtimeMs) {
      // Touched but maybe not changed (a checkout, a copy): compare content.
      if (hashFile(filePath) !== entry.hash) return undefined;
      entry.mtimeMs = stat.mtimeMs;
      this.dirty = true;
    }
    return { filePath, ...entry.result, source: entry.sketch ? rebuildSource(entry.sketch) : '' };
  }

  private keyOf(filePath: string): string {
    return path.relative(this.base, filePath).split(path.sep).join('/');
  }

  /** Remembers a result, under the fingerprint of the bytes it was computed from. */
  store(filePath: string, settings: string, result: FileResult): void {
    // Only results that depend on nothing but the content: not a file a fix rewrote, not an I/O failure.
    const ioFailure = result.source === '' && result.findings.some((f) => f.fatal);
    if (!result.fingerprint || result.output !== undefined || result.internalError || ioFailure) return;
    const { filePath: _path, output: _output, fingerprint, source, ...rest } = result;
    const sketch = sketchSource(source, result.findings);
    this.entries[this.keyOf(filePath)] = { ...fingerprint, settings, result: rest, ...(sketch ? { sketch } : {}) };
    this.dirty = true;
  }

  /** Writes the cache (atomically: a temporary file, then a rename) if anything changed. */
  save(): void {
    if (!this.dirty) return;
    const data: CacheFile = { armlint: this.version, format: FORMAT, entries: this.entries };
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, this.location);
    this.dirty = false;
  }
}

function hashFile(filePath: string): string {
  return createHash('sha256').update(fs.readFileSync(filePath)).digest('hex');
}

/** A stable key for the settings a result depends on. */
export function settingsKey(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

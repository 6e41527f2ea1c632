import * as path from 'node:path';
import { rulesById } from '../rules';
import type { Severity } from './engine/types';
import { lintFile, type FileResult, type LintFilesOptions } from './lint-files';
import type { LintCache } from './cache/lint-cache';

/** Below this many files, starting worker threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 1000;

/** What a run needs to lint a file, in a form that crosses to worker threads. */
export interface LintSettings {
  fix: boolean;
  write: boolean;
  /** Enabled rules by id with their severities. */
  rules: Array<[string, Severity]>;
}

export function toLintFilesOptions(settings: LintSettings): LintFilesOptions {
  return {
    fix: settings.fix,
    write: settings.write,
    rules: settings.rules.map(([id, severity]) => ({ rule: rulesById.get(id)!, severity })),
  };
}

/**
 * Lints files in order: on the main thread for a handful (the pre-commit
 * case must start instantly), on worker threads across all cores for large
 * sets. `onResult` sees each result as soon as it exists.
 */
export async function lintFiles(
  files: string[],
  settings: LintSettings,
  threads: number,
  onResult?: (result: FileResult) => void,
  cache?: LintCache,
): Promise<FileResult[]> {
  if (!cache) return lintUncached(files, settings, threads, onResult);
  const { settingsKey } = await import('./cache/lint-cache');
  const key = settingsKey(settings.rules);
  const results: FileResult[] = new Array(files.length);
  const misses: number[] = [];
  files.forEach((file, i) => {
    const hit = cache.lookup(file, key);
    // With --fix, a cached result is only good when there was nothing to fix.
    if (hit && !(settings.fix && hit.findings.some((f) => f.fix))) {
      results[i] = hit;
      onResult?.(hit);
    } else misses.push(i);
  });
  const fresh = await lintUncached(misses.map((i) => files[i]), settings, threads, onResult);
  misses.forEach((fileIndex, j) => {
    results[fileIndex] = fresh[j];
    cache.store(files[fileIndex], key, fresh[j]);
  });
  cache.save();
  return results;
}

async function lintUncached(
  files: string[],
  settings: LintSettings,
  threads: number,
  onResult?: (result: FileResult) => void,
): Promise<FileResult[]> {
  if (files.length >= PARALLEL_THRESHOLD && threads > 1) {
    const { mapInWorkers } = await import('./parallel/worker-pool');
    return mapInWorkers<FileResult>(files, path.join(__dirname, 'parallel', 'lint-worker.js'), settings, threads, (_, r) => onResult?.(r));
  }
  const options = toLintFilesOptions(settings);
  const results: FileResult[] = [];
  for (const file of files) {
    const result = await lintFile(file, options);
    onResult?.(result);
    results.push(result);
  }
  return results;
}

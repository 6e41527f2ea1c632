import * as path from 'node:path';
import { allRules } from '../rules';
import { unusedDisableDirective } from './engine/suppressions';
import type { ConfiguredRule } from './engine/linter';
import type { RuleModule, Severity } from './engine/types';
import { flushWrittenFiles, lintFile, type FileResult } from './lint-files';
import type { LintCache } from './cache/lint-cache';

/** Every rule armlint knows, the pseudo-rules included. */
export const KNOWN_RULES: RuleModule[] = [...allRules, unusedDisableDirective];
/** By id: what a worker thread looks rules up in. */
const KNOWN: Map<string, RuleModule> = new Map(KNOWN_RULES.map((r) => [r.meta.id, r]));

/** One file to lint and the settings that apply to it (per-file configs differ). */
export interface FileJob {
  filePath: string;
  rules: ConfiguredRule[];
}

export interface RunMode {
  fix: boolean;
  /** Write fixed files (false for a dry run). */
  write: boolean;
  /** Fingerprint the bytes read, for the cache. */
  fingerprint?: boolean;
}

/** The rules of a job as data that crosses to a worker thread: ids and severities. */
type RuleSettings = Array<[string, Severity]>;

/** `compute`, called once per distinct argument object. */
function memoByIdentity<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, compute(key));
    return seen.get(key)!;
  };
}

function toSettings(rules: ConfiguredRule[]): RuleSettings {
  return rules.map(({ rule, severity }) => [rule.meta.id, severity]);
}

export function fromSettings(settings: RuleSettings): ConfiguredRule[] {
  return settings.map(([id, severity]) => ({ rule: KNOWN.get(id)!, severity }));
}

/** What the pool sends a worker: the distinct rule settings once, then [file, settings index] items. */
export interface WorkerInput {
  mode: RunMode;
  settings: RuleSettings[];
}

export async function lintJob(filePath: string, rules: ConfiguredRule[], mode: RunMode): Promise<FileResult> {
  return lintFile(filePath, { rules, fix: mode.fix, write: mode.write, fingerprint: mode.fingerprint });
}

/**
 * Lints files, results in input order: on the main thread for a handful
 * (the pre-commit case must start instantly), on worker threads across all
 * cores for large sets. With a cache, unchanged files are answered from it.
 * `onResult` sees each result as soon as it exists.
 */
export async function lintFiles(
  jobs: FileJob[],
  mode: RunMode,
  options: Parallelism & { cache?: LintCache; onResult?: (result: FileResult) => void },
): Promise<FileResult[]> {
  const { cache, onResult } = options;
  if (!cache) return lintUncached(jobs, mode, options, onResult);
  const { settingsKey } = await import('./cache/lint-cache');
  // Files under one config share one rules array: hash each array once, not once per file.
  const keyOf = memoByIdentity((rules: ConfiguredRule[]) => settingsKey(toSettings(rules)));
  const keys = jobs.map((job) => keyOf(job.rules));
  const results: FileResult[] = new Array(jobs.length);
  const misses: number[] = [];
  jobs.forEach((job, i) => {
    const hit = cache.lookup(job.filePath, keys[i]);
    // With --fix, a cached result is only good when there was nothing to fix.
    if (hit && !(mode.fix && hit.findings.some((f) => f.fix))) {
      results[i] = hit;
      onResult?.(hit);
    } else misses.push(i);
  });
  const fresh = await lintUncached(misses.map((i) => jobs[i]), { ...mode, fingerprint: true }, options, onResult);
  misses.forEach((jobIndex, j) => {
    results[jobIndex] = fresh[j];
    cache.store(jobs[jobIndex].filePath, keys[jobIndex], fresh[j]);
  });
  cache.save();
  return results;
}

/** `threads` worker threads; with `auto`, at most that many and only when they pay (see parallel/plan). */
export interface Parallelism {
  threads: number;
  auto: boolean;
}

async function lintUncached(jobs: FileJob[], mode: RunMode, parallelism: Parallelism, onResult?: (result: FileResult) => void): Promise<FileResult[]> {
  const lint = (job: FileJob) => lintJob(job.filePath, job.rules, mode);
  let results: FileResult[];
  if (parallelism.threads > 1 && jobs.length > 1 && !parallelism.auto) {
    results = await lintInWorkers(jobs, mode, parallelism.threads, onResult);
  } else if (parallelism.threads > 1 && jobs.length > 1) {
    // auto: lint on this thread for a moment, then decide from the measured cost per file whether workers pay for the rest.
    const { SAMPLE_MS, freeCores, workersFor } = await import('./parallel/plan');
    const start = performance.now();
    const sampled = await inOrderOverlapped(jobs, lint, onResult, () => performance.now() - start >= SAMPLE_MS);
    const perFileMs = (performance.now() - start) / Math.max(1, sampled.length);
    const rest = jobs.slice(sampled.length);
    const workers = workersFor(perFileMs, rest.length, parallelism.threads, freeCores());
    const restResults = workers > 0 ? await lintInWorkers(rest, mode, workers, onResult) : await inOrderOverlapped(rest, lint, onResult);
    results = sampled.concat(restResults);
  } else {
    results = await inOrderOverlapped(jobs, lint, onResult);
  }
  if (mode.write) await flushWrittenFiles(results);
  return results;
}

async function lintInWorkers(jobs: FileJob[], mode: RunMode, threads: number, onResult?: (result: FileResult) => void): Promise<FileResult[]> {
  const { mapInWorkers } = await import('./parallel/worker-pool');
  // The distinct rule settings cross to the workers once; each file names its settings by index.
  const settings: RuleSettings[] = [];
  const indexOf = memoByIdentity((rules: ConfiguredRule[]) => settings.push(toSettings(rules)) - 1);
  const items = jobs.map((job): [string, number] => [job.filePath, indexOf(job.rules)]);
  const input: WorkerInput = { mode, settings };
  return mapInWorkers<[string, number], FileResult>(items, path.join(__dirname, 'parallel', 'lint-worker.js'), input, threads, (_, r) => onResult?.(r));
}

/** Files whose write (a rename in the thread pool) may still be under way while the next files are linted. */
const WRITES_IN_FLIGHT = 16;

/**
 * Lints `items` one after another on this thread, results in input order,
 * without waiting for each file's write before linting the next: linting is
 * synchronous up to the write, so up to WRITES_IN_FLIGHT writes overlap the
 * linting that follows them (on two cores, renames cost as much as linting).
 */
export async function inOrderOverlapped<I>(
  items: I[],
  lint: (item: I) => Promise<FileResult>,
  onResult?: (result: FileResult) => void,
  /** Stop taking new items once this says so (the results cover a prefix of `items`). */
  enough: () => boolean = () => false,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const pending: Array<Promise<FileResult>> = [];
  const settleOldest = async () => {
    const result = await pending.shift()!;
    onResult?.(result);
    results.push(result);
  };
  for (const item of items) {
    if (enough()) break;
    pending.push(lint(item));
    if (pending.length >= WRITES_IN_FLIGHT) await settleOldest();
  }
  while (pending.length > 0) await settleOldest();
  return results;
}

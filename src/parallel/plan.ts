import * as os from 'node:os';

/** What starting a lint worker costs (loading armlint in a fresh V8 isolate), measured on a 2-core machine. */
export const WORKER_START_MS = 300;
/**
 * Work handed to workers costs this much more CPU than on the main thread:
 * results are copied back and each isolate warms up on its own, and cores
 * running at once slow each other (memory-bound: measured ~1.7x on a 2-core
 * machine). So two cores never pay; four or more do for large enough sets.
 */
export const WORKER_OVERHEAD = 2;
/** Workers must save at least this share of the remaining time, so noise in the estimate cannot make `auto` slower than `off`. */
const REQUIRED_SAVING = 0.2;
/** How long the main thread lints before deciding: long enough to measure, short enough to matter little. */
export const SAMPLE_MS = 200;

/**
 * Cores this run can really use: the available ones less the load already
 * on them (a shared CI runner or a laptop compiling meanwhile), at least 1.
 * Windows reports no load average (zeros): there, every core counts.
 */
export function freeCores(cores = availableCores(), load1 = os.loadavg()[0]): number {
  return Math.max(1, Math.min(cores, Math.round(cores - load1)));
}

/** Threads worth using: one per core, at most 8. Here, not in worker-pool, so a run that starts no worker never loads worker_threads. */
export function availableThreads(): number {
  return Math.max(1, Math.min(8, availableCores()));
}

export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * `--concurrency auto`: how many worker threads to lint the files left after
 * the sample with, 0 for none. `perFileMs` is the measured cost of a file on
 * this thread (the sample), `remaining` the files left, `threads` the upper
 * bound, `cores` the cores free for this run. Workers pay when the time they
 * save on the remaining files exceeds what starting them costs, with a
 * margin.
 */
export function workersFor(perFileMs: number, remaining: number, threads: number, cores: number): number {
  const workers = Math.min(threads, cores);
  if (workers < 2 || remaining < 2) return 0;
  const serial = perFileMs * remaining;
  const parallel = WORKER_START_MS + (serial * WORKER_OVERHEAD) / workers;
  return parallel <= serial * (1 - REQUIRED_SAVING) ? workers : 0;
}

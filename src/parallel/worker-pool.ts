import { Worker } from 'node:worker_threads';

/** Files handed to a worker at a time: large enough to amortise messaging, small enough to balance the load. */
const BATCH = 64;

/**
 * Runs `script` (a worker_threads module that answers `{batch}` messages
 * with `{results}`) over `items` on up to `threads` workers, handing out
 * batches as workers free up, and returns the results in input order.
 * `onResult` sees each result as it arrives, so a caller can stream them.
 */
export async function mapInWorkers<I, T>(
  items: I[],
  script: string,
  workerData: unknown,
  threads: number,
  onResult?: (index: number, result: T) => void,
): Promise<T[]> {
  const results: T[] = new Array(items.length);
  let next = 0;
  const take = (): Array<[number, I]> => {
    const batch: Array<[number, I]> = [];
    for (; next < items.length && batch.length < BATCH; next++) batch.push([next, items[next]]);
    return batch;
  };
  const count = Math.max(1, Math.min(threads, Math.ceil(items.length / BATCH)));
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(script, { workerData });
        let finished = false;
        const feed = () => {
          const batch = take();
          if (batch.length > 0) return worker.postMessage({ batch });
          finished = true;
          void worker.terminate().then(() => resolve());
        };
        worker.on('message', (message: { results: Array<[number, T]> }) => {
          for (const [index, result] of message.results) {
            results[index] = result;
            onResult?.(index, result);
          }
          feed();
        });
        worker.on('error', reject);
        // A worker that dies with work in hand must fail the run, not hang it.
        worker.on('exit', (code) => {
          if (!finished) reject(new Error(`a lint worker thread exited (code ${code}) before finishing its files`));
        });
        feed();
      }),
    ),
  );
  return results;
}

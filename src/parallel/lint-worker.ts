import { parentPort, workerData } from 'node:worker_threads';
import type { FileResult } from '../lint-files';
import { fromSettings, inOrderOverlapped, lintJob, type WorkerInput } from '../lint-run';

/** A worker thread of the lint pool: lints the batches of files it is sent, in order. */
const input = workerData as WorkerInput;
const rules = input.settings.map(fromSettings);
parentPort!.on('message', async ({ batch }: { batch: Array<[number, [string, number]]> }) => {
  const results = await inOrderOverlapped(batch, ([, [file, settings]]) => lintJob(file, rules[settings], input.mode));
  parentPort!.postMessage({ results: results.map((result, i): [number, FileResult] => [batch[i][0], result]) });
});

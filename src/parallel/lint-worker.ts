import { parentPort, workerData } from 'node:worker_threads';
import type { FileResult } from '../lint-files';
import { fromSettings, lintJob, type WorkerInput } from '../lint-run';

/** A worker thread of the lint pool: lints the batches of files it is sent, in order. */
const input = workerData as WorkerInput;
const rules = input.settings.map(fromSettings);
parentPort!.on('message', async ({ batch }: { batch: Array<[number, [string, number]]> }) => {
  const results: Array<[number, FileResult]> = [];
  for (const [index, [file, settings]] of batch) results.push([index, await lintJob(file, rules[settings], input.mode)]);
  parentPort!.postMessage({ results });
});

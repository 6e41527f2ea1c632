import { parentPort, workerData } from 'node:worker_threads';
import { lintFile, type FileResult } from '../lint-files';
import { toLintFilesOptions, type LintSettings } from '../lint-run';

/** A worker thread of the lint pool: lints the batches of files it is sent, in order. */
const options = toLintFilesOptions(workerData as LintSettings);
parentPort!.on('message', async ({ batch }: { batch: Array<[number, string]> }) => {
  const results: Array<[number, FileResult]> = [];
  for (const [index, file] of batch) results.push([index, await lintFile(file, options)]);
  parentPort!.postMessage({ results });
});

import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';

/** Flushes in flight at once: enough to let the file system merge journal commits. */
const PARALLEL_FLUSHES = 16;

/**
 * Makes files that were written and renamed into place durable, in one batch
 * at the end of a run rather than one fsync per file while fixing. On Linux,
 * one `sync --file-system` (coreutils; syncfs(2)) per file system flushes the
 * data and the directory entries of all of them at once; elsewhere, or when
 * that fails, each file is fsynced, then each folder once (the renames).
 * Resolves to the files that could not be flushed, with why.
 */
export async function makeDurable(files: string[]): Promise<Map<string, string>> {
  if (files.length === 0) return new Map();
  if (process.platform === 'linux' && (await syncFileSystems(files))) return new Map();
  const failures = new Map<string, string>();
  await flushAll(files, (file, error) => failures.set(file, error));
  // Windows cannot open a folder to flush it; NTFS journals the renames itself.
  if (process.platform === 'win32') return failures;
  const folders = [...new Set(files.map((f) => path.dirname(f)))];
  await flushAll(folders, (folder, error) => {
    for (const file of files) if (path.dirname(file) === folder && !failures.has(file)) failures.set(file, error);
  });
  return failures;
}

/** coreutils' sync at its fixed place, never looked up in PATH (a folder there could be anyone's). */
const syncProgram = () => ['/usr/bin/sync', '/bin/sync'].find((p) => existsSync(p));

/** One path per file system the files are on, flushed with syncfs(2) through coreutils' sync. */
function syncFileSystems(files: string[]): Promise<boolean> {
  const program = syncProgram();
  if (program === undefined) return Promise.resolve(false);
  const byDevice = new Map<number, string>();
  for (const file of files) {
    try {
      const { dev } = statSync(file);
      if (!byDevice.has(dev)) byDevice.set(dev, file);
    } catch {
      return Promise.resolve(false);
    }
  }
  // node:child_process loads only for a run that wrote files (~6 ms of start-up otherwise).
  const { execFile } = require('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve) => {
    execFile(program, ['--file-system', '--', ...byDevice.values()], { timeout: 120_000 }, (error) => resolve(!error));
  });
}

async function flushAll(paths: string[], onFailure: (p: string, error: string) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const p = paths[next++];
      try {
        const handle = await fs.open(p, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (error) {
        onFailure(p, (error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FLUSHES, paths.length) }, worker));
}

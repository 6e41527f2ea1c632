import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file changed on disk between armlint reading it and armlint replacing it. */
export class ConcurrentChangeError extends Error {
  readonly code = 'ECHANGED';
  constructor() {
    super('the file changed on disk while armlint was fixing it');
  }
}

/** Unpredictable per run (made at the first write: node:crypto costs ~10 ms to load); a counter makes each temporary name unique within the run. */
let runTag: string | undefined;
let counter = 0;

/**
 * Replaces a file's content so that readers see either the old or the new
 * text, never a half-written file: write a temporary file in the same folder
 * (same file system, so rename is atomic) with a name nobody can predict,
 * created exclusively (so a planted link at that name is never followed),
 * keep the original's mode, rename. When `expected` is given and the file no
 * longer holds those bytes just before the rename, nothing is replaced
 * (ConcurrentChangeError). The rename replaces the directory entry itself: a
 * symbolic link there would be replaced, not written through (callers refuse
 * links before calling this). `knownMode`: the file's mode, when the caller
 * has just looked at it (saves a stat).
 *
 * The temporary file is written and the file read back synchronously, before
 * the returned promise first waits; the rename (the costly step: the file
 * system frees the replaced file) then runs in libuv's thread pool, so a caller that
 * does not wait at once lints the next file meanwhile. Not flushed to disk
 * here: the caller makes every written file durable in one batch
 * (makeDurable) when the run ends, instead of one fsync per file.
 */
export async function writeFileAtomic(filePath: string, content: string, expected?: Buffer, knownMode?: number): Promise<void> {
  let temp: string | undefined;
  try {
    const mode = (knownMode ?? fs.statSync(filePath).mode) & 0o7777;
    runTag ??= `${process.pid}-${(require('node:crypto') as typeof import('node:crypto')).randomBytes(8).toString('hex')}`;
    const name = `.${path.basename(filePath)}.armlint-${runTag}-${counter++}.tmp`;
    const fd = fs.openSync(path.join(path.dirname(filePath), name), 'wx', mode);
    temp = path.join(path.dirname(filePath), name);
    try {
      fs.writeFileSync(fd, content, 'utf8');
      fs.fchmodSync(fd, mode);
    } finally {
      fs.closeSync(fd);
    }
    // Read back synchronously: one call, where the promise API takes four trips through the thread pool per file.
    if (expected && !fs.readFileSync(filePath).equals(expected)) throw new ConcurrentChangeError();
    await fs.promises.rename(temp, filePath);
  } catch (error) {
    if (temp !== undefined) await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file changed on disk between armlint reading it and armlint replacing it. */
export class ConcurrentChangeError extends Error {
  readonly code = 'ECHANGED';
  constructor() {
    super('the file changed on disk while armlint was fixing it');
  }
}

/** Unpredictable per run; a counter makes each temporary name unique within the run. */
const RUN_TAG = `${process.pid}-${randomBytes(8).toString('hex')}`;
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
 * links before calling this).
 *
 * The temporary file is written synchronously, before the returned promise
 * first waits; the check and the rename (the costly step: the file system
 * frees the replaced file) then run in libuv's thread pool, so a caller that
 * does not wait at once lints the next file meanwhile. Not flushed to disk
 * here: the caller makes every written file durable in one batch
 * (makeDurable) when the run ends, instead of one fsync per file.
 */
export async function writeFileAtomic(filePath: string, content: string, expected?: Buffer): Promise<void> {
  let temp: string | undefined;
  try {
    const mode = fs.statSync(filePath).mode & 0o7777;
    const name = `.${path.basename(filePath)}.armlint-${RUN_TAG}-${counter++}.tmp`;
    const fd = fs.openSync(path.join(path.dirname(filePath), name), 'wx', mode);
    temp = path.join(path.dirname(filePath), name);
    try {
      fs.writeFileSync(fd, content, 'utf8');
      fs.fchmodSync(fd, mode);
    } finally {
      fs.closeSync(fd);
    }
    if (expected && !(await fs.promises.readFile(filePath)).equals(expected)) throw new ConcurrentChangeError();
    await fs.promises.rename(temp, filePath);
  } catch (error) {
    if (temp !== undefined) await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The file changed on disk between armlint reading it and armlint replacing it. */
export class ConcurrentChangeError extends Error {
  readonly code = 'ECHANGED';
  constructor() {
    super('the file changed on disk while armlint was fixing it');
  }
}

/**
 * Replaces a file's content so that readers see either the old or the new
 * text, never a half-written file: write a temporary file in the same folder
 * (same file system, so rename is atomic) with a name nobody can predict,
 * created exclusively (so a planted link at that name is never followed),
 * flush it to disk, keep the original's mode, rename. When `expected` is
 * given and the file no longer holds those bytes just before the rename,
 * nothing is replaced (ConcurrentChangeError). The rename replaces the
 * directory entry itself: a symbolic link there would be replaced, not
 * written through (callers refuse links before calling this).
 */
export async function writeFileAtomic(filePath: string, content: string, expected?: Buffer): Promise<void> {
  const stat = await fs.stat(filePath);
  const mode = stat.mode & 0o7777;
  const temp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.armlint-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(content, 'utf8');
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (expected && !(await fs.readFile(filePath)).equals(expected)) throw new ConcurrentChangeError();
    await fs.rename(temp, filePath);
  } catch (error) {
    if (created) await fs.rm(temp, { force: true });
    throw error;
  }
}

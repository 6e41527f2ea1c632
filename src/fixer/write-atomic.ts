import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces a file's content so that readers see either the old or the new
 * text, never a half-written file: write a temporary file in the same folder
 * (same file system, so rename is atomic), keep the original's mode, rename.
 */
export async function writeFileAtomic(filePath: string, content: string): Promise<void> {
  const stat = await fs.stat(filePath);
  const temp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.armlint-${process.pid}-${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, content, { mode: stat.mode & 0o7777 });
    await fs.chmod(temp, stat.mode & 0o7777);
    await fs.rename(temp, filePath);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

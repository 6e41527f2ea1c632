import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The git repository a path is in: the nearest folder at or above it that
 * holds `.git` (a folder, or a file in a worktree or submodule); undefined
 * outside any repository. No git process is started.
 */
export function repositoryRootOf(target: string, cache = new Map<string, string | undefined>()): string | undefined {
  const walked: string[] = [];
  let dir = path.resolve(target);
  let root: string | undefined;
  for (;;) {
    if (cache.has(dir)) {
      root = cache.get(dir);
      break;
    }
    walked.push(dir);
    if (existsSync(path.join(dir, '.git'))) {
      root = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of walked) cache.set(d, root);
  return root;
}

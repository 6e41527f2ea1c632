import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type FastGlob from 'fast-glob';
import { SCRIPT_PATTERNS } from './scripts/script-kind';
import { normalizedPath } from './normal-path';

/** fast-glob costs ~20 ms to load; pre-commit passes plain file names and never needs it. */
const fastGlob = (): typeof FastGlob => require('fast-glob') as typeof FastGlob;

/** Folders never searched: dependencies and VCS metadata hold no templates of the user's. */
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
const TEMPLATE_EXTENSIONS = '**/*.{json,jsonc}';

export interface Discovery {
  files: string[];
  /** Directory arguments, walked completely: every *.json / *.jsonc below them (links and ignored folders aside) is in `files`. */
  walked: string[];
  /** One line per path argument that matched nothing or could not be read. */
  problems: string[];
}

/**
 * Expands the command line's paths: files are taken as given (whatever their
 * extension: pre-commit passes exactly what is staged), directories are
 * searched recursively for *.json / *.jsonc, anything else is a glob.
 * Symbolic links are not followed while searching, so a link loop cannot trap
 * the walk.
 */
export async function discoverFiles(patterns: string[], cwd: string, ignore: string[] = []): Promise<Discovery> {
  const files = new Set<string>();
  const walked: string[] = [];
  const problems: string[] = [];
  // Links are not followed, so a link loop cannot trap the walk; errors in unreadable folders are skipped.
  const walkOptions = { absolute: true, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: [...ALWAYS_IGNORED, ...ignore], suppressErrors: true };
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    let statError: NodeJS.ErrnoException | undefined;
    const stat = await fs.stat(absolute).catch((error: NodeJS.ErrnoException) => {
      statError = error;
      return undefined;
    });
    if (stat?.isFile()) {
      files.add(absolute);
    } else if (stat?.isDirectory()) {
      walked.push(absolute);
      // Synchronous: on a local disk the async walk spends its time waiting on the thread pool.
      // Scripts beside templates too (a config's "scripts": false leaves them out).
      const found = fastGlob().sync([TEMPLATE_EXTENSIONS, ...SCRIPT_PATTERNS], { ...walkOptions, cwd: absolute });
      found.forEach((f) => files.add(normalizedPath(f)));
    } else if (fastGlob().isDynamicPattern(pattern)) {
      const found = fastGlob().sync(pattern, { ...walkOptions, cwd });
      if (found.length === 0) problems.push(`No files matching the pattern "${pattern}" were found.`);
      found.forEach((f) => files.add(normalizedPath(f)));
    } else if (stat) {
      problems.push(`${pattern}: not a regular file or directory.`);
    } else {
      problems.push(`${pattern}: ${unreachable(statError)}.`);
    }
  }
  return { files: [...files].sort(), walked, problems };
}

/** Why a path argument cannot be used, for the one line reported about it. */
function unreachable(error: NodeJS.ErrnoException | undefined): string {
  switch (error?.code) {
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'ENOENT':
    case undefined:
      return 'no such file or directory';
    default:
      return `cannot be read (${error?.code})`;
  }
}

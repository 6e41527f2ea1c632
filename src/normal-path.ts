import * as path from 'node:path';

/** A `//`, `.` or `..` segment, or a trailing `/`: what normalizing would change in a POSIX absolute path. */
const NOT_NORMAL_POSIX = /\/\.{0,2}(?:\/|$)/;

/**
 * `path.normalize(p)` for the absolute paths fast-glob returns. On POSIX they
 * are already normal unless the folder given had `.`, `..` or `//` in it, so
 * `path.normalize` (a few µs a path: a tenth of a small repository's
 * discovery) runs only then. On Windows it also turns `/` into `\`.
 */
export function normalizedPath(p: string): string {
  return path.sep === '/' && !NOT_NORMAL_POSIX.test(p) ? p : path.normalize(p);
}

/** True when `path.resolve(anything, p)` is `p` itself: a normal POSIX absolute path (elsewhere: false, so callers resolve). */
export function isNormalAbsolute(p: string): boolean {
  return path.sep === '/' && p.charCodeAt(0) === 0x2f && !NOT_NORMAL_POSIX.test(p);
}

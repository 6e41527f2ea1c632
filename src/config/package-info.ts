import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Facts about the armlint package itself (version, where its files and its
 * documentation live), read once from its package.json. Every absolute URL
 * armlint prints (SARIF informationUri and helpUri) is built here.
 */
export interface PackageInfo {
  root: string;
  version: string;
  homepage: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  // dist/src/config/ in a build, src/config/ under ts-jest: walk up to our package.json.
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name === 'armlint') {
        cached = { root: dir, version: pkg.version ?? '0.0.0', homepage: (pkg.homepage ?? 'https://github.com/armlint/armlint').replace(/\/+$/, '') };
        return cached;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('armlint: cannot find its own package.json');
    dir = parent;
  }
}

/**
 * An absolute URL for a documentation path relative to the package root
 * (a rule's `meta.docs`, e.g. `rules/<id>.md`, or `README.md#anchor`):
 * the file in the repository's default branch.
 */
export function docsUri(relative: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) return relative;
  return `${packageInfo().homepage}/blob/main/${relative.replace(/^\.?\//, '')}`;
}

/** The JSON Schema of armlint.config.json shipped in the package. */
export function configSchemaPath(): string {
  return path.join(packageInfo().root, 'schemas', 'armlint.config.schema.json');
}

import type { FileResult } from '../lint-files';

export interface Counts {
  errors: number;
  warnings: number;
  fixableErrors: number;
  fixableWarnings: number;
  /** Files with at least one finding. */
  files: number;
  /** Problems fixed (or, in a dry run, that would be fixed) and in how many files. */
  fixed: number;
  fixedFiles: number;
}

export function countResults(results: FileResult[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, fixableErrors: 0, fixableWarnings: 0, files: 0, fixed: 0, fixedFiles: 0 };
  for (const r of results) {
    if (r.findings.length > 0) c.files++;
    if (r.fixed > 0) {
      c.fixed += r.fixed;
      c.fixedFiles++;
    }
    for (const f of r.findings) {
      if (f.severity === 'error') {
        c.errors++;
        if (f.fix) c.fixableErrors++;
      } else {
        c.warnings++;
        if (f.fix) c.fixableWarnings++;
      }
    }
  }
  return c;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "Fixed 3 problems in 2 files." / "3 problems in 2 files would be fixed." */
export function fixedSentence(c: Counts, dryRun: boolean): string {
  return dryRun
    ? `${plural(c.fixed, 'problem')} in ${plural(c.fixedFiles, 'file')} would be fixed.`
    : `Fixed ${plural(c.fixed, 'problem')} in ${plural(c.fixedFiles, 'file')}.`;
}

/** One line for stdout when the report went elsewhere (--output-file) or is a diff. */
export function oneLineSummary(results: FileResult[], options: { fix: boolean; dryRun: boolean }): string {
  const c = countResults(results);
  const parts: string[] = [];
  if (options.fix && c.fixed > 0) parts.push(fixedSentence(c, options.dryRun).replace(/\.$/, ''));
  const total = c.errors + c.warnings;
  parts.push(
    total === 0
      ? `no problems in ${plural(results.length, 'file')}`
      : `${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}) in ${plural(c.files, 'file')}`,
  );
  return `armlint: ${parts.join('; ')}`;
}

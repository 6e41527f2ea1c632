import type { FileResult } from '../lint-files';
import type { RuleModule } from '../engine/types';

export interface FormatContext {
  cwd: string;
  rules: RuleModule[];
  /** Whether --fix ran (the summary then speaks of what remains). */
  fixed: boolean;
  /** Whether the fixes were only computed (--fix-dry-run): the summary says "would be fixed". */
  dryRun?: boolean;
  /** ANSI colours in human output (stylish); never in machine formats. */
  color?: boolean;
}

/** Turns the results of a run into the report text; formatters never touch files. */
export type Formatter = (results: FileResult[], context: FormatContext) => string;

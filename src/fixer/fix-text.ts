import { lintText, type ConfiguredRule, type LintOutcome } from '../engine/linter';
import { parseLenientJson } from '../parsing/parse-jsonc';
import type { Finding } from '../engine/types';
import { applyFixes } from './apply-fixes';

/** ESLint's bound: after this many passes the remaining problems are reported as they are. */
const MAX_PASSES = 10;

export interface FixOutcome extends LintOutcome {
  /** The fixed text; equal to the input when nothing was fixed. */
  output: string;
  /** Problems fixed across all passes. */
  fixed: number;
}

/**
 * Lints, applies the safe fixes, and lints again until no fix remains (or
 * MAX_PASSES). Text a fix would leave unparseable is never returned: the
 * input comes back unchanged with an internal-error finding naming the rule.
 */
export function fixText(text: string, rules: ConfiguredRule[]): FixOutcome {
  let current = text;
  let fixed = 0;
  let outcome = lintText(current, rules);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixable = outcome.findings.filter((f) => f.fix);
    if (fixable.length === 0 || outcome.internalError) break;
    const result = applyFixes(current, fixable.map((f) => f.fix!));
    const reparsed = parseLenientJson(result.text);
    if (reparsed.problems.length > 0 || !reparsed.root) {
      return unsafeFix(text, rules, fixable, reparsed.problems[0]?.message ?? 'empty output');
    }
    current = result.text;
    fixed += result.applied;
    outcome = lintText(current, rules);
  }
  return { ...outcome, output: current, fixed };
}

function unsafeFix(original: string, rules: ConfiguredRule[], attempted: Finding[], problem: string): FixOutcome {
  const outcome = lintText(original, rules);
  const ruleIds = [...new Set(attempted.map((f) => f.ruleId))].join(', ');
  const internal: Finding = {
    ruleId: null,
    severity: 'error',
    fatal: true,
    message: `Internal error: the fix of ${ruleIds} would leave the file unparseable (${problem}); the file was left unchanged. Please report this.`,
    offset: 0,
    length: 0,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
  return { ...outcome, findings: [internal, ...outcome.findings], internalError: true, output: original, fixed: 0 };
}

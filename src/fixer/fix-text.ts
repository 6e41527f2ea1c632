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
 * MAX_PASSES). A pass is checked before it is kept: its text must parse, and
 * linting it must neither fail nor report a problem the text before the pass
 * did not have. A pass that fails the check is never returned: the input
 * comes back unchanged with an internal-error finding naming the rule.
 */
export function fixText(text: string, rules: ConfiguredRule[]): FixOutcome {
  let current = text;
  let fixed = 0;
  let outcome = lintText(current, rules);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixable = outcome.findings.filter((f) => f.fix);
    if (fixable.length === 0 || outcome.internalError) break;
    const attempt = tryPass(current, outcome.findings, fixable, rules);
    if ('problem' in attempt) return unsafeFix(text, rules, culprits(current, outcome.findings, fixable, rules), attempt.problem);
    current = attempt.text;
    fixed += attempt.applied;
    outcome = attempt.outcome;
  }
  return { ...outcome, output: current, fixed };
}

type PassResult = { text: string; applied: number; outcome: LintOutcome } | { problem: string };

/** Applies one pass of fixes and checks the result; never throws. */
function tryPass(current: string, before: Finding[], fixable: Finding[], rules: ConfiguredRule[]): PassResult {
  let result: ReturnType<typeof applyFixes>;
  try {
    result = applyFixes(current, fixable.map((f) => f.fix!));
  } catch (error) {
    return { problem: `its edits are invalid (${(error as Error).message})` };
  }
  const reparsed = parseLenientJson(result.text);
  if (reparsed.problems.length > 0 || !reparsed.root) {
    return { problem: `it would leave the file unparseable (${reparsed.problems[0]?.message ?? 'empty output'})` };
  }
  const next = lintText(result.text, rules);
  if (next.internalError) return { problem: `linting its result fails (${next.findings.find((f) => f.fatal)?.message ?? 'a rule failed'})` };
  if (!next.isTemplate) return { problem: 'its result is no longer a deployment template' };
  const introduced = newProblems(before, next.findings);
  if (introduced.length > 0) {
    const f = introduced[0];
    return { problem: `its result has a problem the file did not have (${f.ruleId ?? 'parser'}: ${f.message})` };
  }
  return { text: result.text, applied: result.applied, outcome: next };
}

/** The findings of the rules whose fixes fail the check on their own (all of them when none does alone). */
function culprits(current: string, before: Finding[], fixable: Finding[], rules: ConfiguredRule[]): Finding[] {
  const byRule = new Map<string | null, Finding[]>();
  for (const f of fixable) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  if (byRule.size < 2) return fixable;
  const failing = [...byRule.values()].filter((own) => 'problem' in tryPass(current, before, own, rules));
  return failing.length > 0 ? failing.flat() : fixable;
}

/**
 * Findings of `after` whose (rule, message) no finding of `before` has.
 * Messages that cite a position ("at line 12, column 5") are compared without
 * it: removing lines above moves what they point at. A problem that was
 * `Not fixed automatically:` is not new when another fix changed its reason or
 * made it fixable; one that was fixable and now is not, is.
 */
function newProblems(before: Finding[], after: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.ruleId ?? ''}\u0000${f.message.replace(/\bline \d+, column \d+/g, 'line #, column #')}`;
  const unfixedTail = / Not fixed automatically: [\s\S]*$/;
  const known = new Set(before.map(key));
  const unfixed = new Set(before.filter((f) => unfixedTail.test(f.message)).map((f) => key(f).replace(unfixedTail, '')));
  return after.filter((f) => !known.has(key(f)) && !unfixed.has(key(f).replace(unfixedTail, '')));
}

function unsafeFix(original: string, rules: ConfiguredRule[], blamed: Finding[], problem: string): FixOutcome {
  const outcome = lintText(original, rules);
  const ruleIds = [...new Set(blamed.map((f) => f.ruleId))].join(', ');
  const internal: Finding = {
    ruleId: null,
    severity: 'error',
    fatal: true,
    message: `Internal fix error in ${ruleIds}: the fix was not applied because ${problem}; the file was left unchanged. Please report this.`,
    offset: 0,
    length: 0,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
  return { ...outcome, findings: [internal, ...outcome.findings], internalError: true, output: original, fixed: 0 };
}

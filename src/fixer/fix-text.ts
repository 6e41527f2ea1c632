import { lintText, type ConfiguredRule, type LintOutcome } from '../engine/linter';
import { parseLenientJson, type ParsedJson } from '../parsing/parse-jsonc';
import type { Finding } from '../engine/types';
import { applyFixes } from './apply-fixes';
import { templateGraph, verifyFix, type Verification, type VerifiedTemplate } from './verify-fix';
import type { TemplateModel } from '../model/template-model';
import { refusedFixMessage, withoutFixPlan } from '../engine/fix-message';

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
 * Then the verification gate (verify-fix.ts) compares the pass's template
 * with the one before it; fixes it refuses are not applied, and their
 * findings stay, saying why.
 */
export function fixText(text: string, rules: ConfiguredRule[]): FixOutcome {
  let current = text;
  let fixed = 0;
  let model: TemplateModel | undefined;
  let outcome = lintText(current, rules, { onModel: (m) => (model = m) });
  let before: VerifiedTemplate | string = (model && templateGraph(text, model)) ?? text;
  const refused = new Map<string, string[]>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    outcome = withRefusals(outcome, current, refused);
    const fixable = outcome.findings.filter((f) => f.fix);
    if (fixable.length === 0 || outcome.internalError) break;
    const attempt = tryPass(current, outcome.findings, fixable, rules);
    if ('problem' in attempt) return unsafeFix(text, rules, culprits(current, outcome.findings, fixable, rules), attempt.problem);
    const verification = verifyFix(before, templateGraph(attempt.text, attempt.model, attempt.parsed) ?? attempt.text);
    let kept: KeptPass = attempt;
    if (verification.ok) before = verification.fixed;
    else {
      const known = refused.size;
      const gated = gatePass(current, before, outcome.findings, fixable, rules, refused, verification);
      if (!gated && refused.size === known) break;
      if (!gated) continue; // the refused findings are re-marked, the rest retried
      kept = gated.attempt;
      before = gated.verified;
    }
    current = kept.text;
    fixed += kept.applied;
    outcome = kept.outcome;
  }
  return { ...withRefusals(outcome, current, refused), output: current, fixed };
}

/** A finding's identity within one text: its rule, message and the source it covers. */
function signature(f: Finding, text: string): string {
  return `${f.ruleId ?? ''}\u0000${f.message}\u0000${text.slice(f.offset, f.offset + f.length)}`;
}

/** Findings whose fix the gate refused lose the fix, and their message says why. */
function withRefusals(outcome: LintOutcome, text: string, refused: Map<string, string[]>): LintOutcome {
  if (refused.size === 0) return outcome;
  const findings = outcome.findings.map((f) => {
    const problems = f.fix ? refused.get(signature(f, text)) : undefined;
    if (!problems) return f;
    const { fix: _refused, ...rest } = f;
    return { ...rest, message: refusedFixMessage(f.message, problems) };
  });
  return { ...outcome, findings };
}

/**
 * Finds, by halving, the fixes the gate refuses on their own (recorded in
 * `refused`), and returns the pass made of the others, or undefined when
 * none is left. Fixes that pass alone but fail together wait for a later pass.
 */
function gatePass(
  current: string,
  before: VerifiedTemplate | string,
  findings: Finding[],
  fixable: Finding[],
  rules: ConfiguredRule[],
  refused: Map<string, string[]>,
  verdict: Verification,
): { attempt: KeptPass; verified: VerifiedTemplate } | undefined {
  const check = (group: Finding[]) => checkFixes(current, before, group);
  // The whole pass's verdict is known already: settling starts from it instead of verifying it again.
  const accepted = settleFixes(current, before, fixable, refused, verdict);
  for (const group of [accepted, accepted.slice(0, 1)]) {
    if (group.length === 0) break;
    const verdict = check(group);
    if (!verdict.ok) continue;
    const attempt = tryPass(current, findings, group, rules);
    if ('problem' in attempt) return undefined;
    return { attempt, verified: verdict.fixed };
  }
  return undefined;
}

/** The gate's verdict on applying `group`'s fixes to `current`. */
function checkFixes(current: string, before: VerifiedTemplate | string, group: Finding[]): Verification {
  try {
    return verifyFix(before, applyFixes(current, group.map((f) => f.fix!)).text);
  } catch (error) {
    return { ok: false, problems: [`its edits are invalid (${(error as Error).message})`] };
  }
}

/**
 * The fixes of `fixable` the gate accepts; the ones it refuses on their own
 * are recorded in `refused`, found by halving (one verification when all
 * pass together, as they almost always do).
 */
function settleFixes(
  current: string,
  before: VerifiedTemplate | string,
  fixable: Finding[],
  refused: Map<string, string[]>,
  verdict: Verification = checkFixes(current, before, fixable),
): Finding[] {
  if (verdict.ok) return fixable;
  if (fixable.length === 1) {
    refused.set(signature(fixable[0], current), verdict.problems);
    return [];
  }
  const middle = Math.ceil(fixable.length / 2);
  return [...settleFixes(current, before, fixable.slice(0, middle), refused), ...settleFixes(current, before, fixable.slice(middle), refused)];
}

/**
 * Lints a template and passes the fixes it offers through the verification
 * gate, as `--fix` would on its first pass: a fix the gate refuses is not
 * offered (no fix data in JSON or SARIF, not counted as fixable) and its
 * message says why. What reports carry is then what `--fix` does.
 */
export function lintTextVerified(text: string, rules: ConfiguredRule[]): LintOutcome {
  let model: TemplateModel | undefined;
  const outcome = lintText(text, rules, { onModel: (m) => (model = m) });
  const fixable = outcome.findings.filter((f) => f.fix);
  if (fixable.length === 0 || outcome.internalError) return outcome;
  const refused = new Map<string, string[]>();
  settleFixes(text, (model && templateGraph(text, model)) ?? text, fixable, refused);
  return withRefusals(outcome, text, refused);
}

type PassResult = KeptPass | { problem: string };
/** `parsed` is the parse of `text`: when linting it built no model (no rule can fire), the gate builds one from it instead of parsing again. */
type KeptPass = { text: string; applied: number; outcome: LintOutcome; model?: TemplateModel; parsed: ParsedJson };

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
  let model: TemplateModel | undefined;
  const next = lintText(result.text, rules, { onModel: (m) => (model = m), parsed: reparsed });
  if (next.internalError) return { problem: `linting its result fails (${next.findings.find((f) => f.fatal)?.message ?? 'a rule failed'})` };
  if (!next.isTemplate) return { problem: 'its result is no longer a deployment template' };
  const introduced = newProblems(before, next.findings);
  if (introduced.length > 0) {
    const f = introduced[0];
    return { problem: `its result has a problem the file did not have (${f.ruleId ?? 'parser'}: ${f.message})` };
  }
  return { text: result.text, applied: result.applied, outcome: next, model, parsed: reparsed };
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
  // What --fix will do changes as earlier fixes land (fewer entries to rewire): compare the problem, not the plan.
  const key = (f: Finding) => `${f.ruleId ?? ''}\u0000${withoutFixPlan(f.message).replace(/\bline \d+, column \d+/g, 'line #, column #')}`;
  const unfixedTail = / Not fixed automatically: [\s\S]*$/;
  const known = new Set(before.map(key));
  const unfixed = new Set(before.filter((f) => unfixedTail.test(f.message)).map((f) => key(f).replace(unfixedTail, '')));
  return after.filter((f) => !known.has(key(f)) && !unfixed.has(key(f).replace(unfixedTail, '')));
}

function unsafeFix(original: string, rules: ConfiguredRule[], blamed: Finding[], problem: string): FixOutcome {
  const outcome = lintText(original, rules);
  const ruleIds = [...new Set(blamed.map((f) => f.ruleId))].join(', ');
  return { ...outcome, findings: [fixErrorFinding(ruleIds, problem), ...outcome.findings], internalError: true, output: original, fixed: 0 };
}

/** The fatal finding of a fix pass that failed its check: nothing was written, and it is a bug to report. */
export function fixErrorFinding(ruleIds: string, problem: string): Finding {
  return {
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
}

import { createScanner } from 'jsonc-parser';
import type { SourceText } from '../parsing/source-text';
import type { ConfiguredRule } from './linter';
import type { Finding, RuleModule, Severity } from './types';
import { allRules } from '../../rules';

/**
 * Suppression comments in templates (ARM templates are JSONC), in ESLint's
 * words:
 *
 *   // armlint-disable-next-line rule-a, rule-b -- why
 *   // armlint-disable-line rule-a                  (on the finding's own line)
 *   /* armlint-disable rule-a *\/ ... /* armlint-enable rule-a *\/
 *   /* armlint-disable *\/                         (every rule, to the end of the file or an enable)
 *
 * Both comment styles work for every directive; the text after ` -- ` is the
 * reason (the justification reports carry). A finding is suppressed by where
 * it starts. A suppressed finding is set aside before fixing, so it is never
 * fixed, and reports list it as suppressed. Fatal findings (parse errors,
 * internal errors) cannot be suppressed. A rule id no rule has is reported,
 * as ESLint reports a rule whose definition was not found.
 */

/** The pseudo-rule that reports directives which suppressed nothing (ruff's RUF100, ESLint's --report-unused-disable-directives). */
export const UNUSED_DIRECTIVE_RULE_ID = 'unused-disable-directive';

export const unusedDisableDirective: RuleModule = {
  meta: {
    id: UNUSED_DIRECTIVE_RULE_ID,
    description: 'Report armlint-disable comments that suppress no problem',
    docs: 'README.md#suppressions',
    severity: 'error',
    fixable: false,
    // Files without a directive cannot have an unused one.
    triggers: ['armlint-'],
  },
  // The engine reports for it (applySuppressions); it listens to nothing.
  create: () => ({}),
};

/** Rules that exist but are off unless a config, --rule or a flag turns them on. */
export const OFF_BY_DEFAULT = new Set([UNUSED_DIRECTIVE_RULE_ID]);

type Kind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
  kind: Kind;
  /** Rule ids named; empty means every rule. */
  ruleIds: string[];
  offset: number;
  end: number;
  /** 1-based line the directive applies to (line directives only). */
  line?: number;
  /** The text after ` -- `, when there is one. */
  justification?: string;
}

/** How a suppressed finding was suppressed (ESLint's `suppressions` entry; SARIF's `inSource`). */
export interface Suppression {
  kind: 'directive';
  justification: string;
}

/** A finding a directive suppressed: not reported as a problem, not fixed, listed in reports as suppressed. */
export interface SuppressedFinding extends Finding {
  suppressions: Suppression[];
}

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;
const DIRECTIVE = /^\s*armlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([\s\S]*)$/;

/** The directives in a file's comments, in source order. */
export function parseDirectives(source: SourceText): Directive[] {
  const text = source.text;
  if (!text.includes('armlint-')) return [];
  const out: Directive[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) continue;
    const offset = scanner.getTokenOffset();
    const end = offset + scanner.getTokenLength();
    const raw = text.slice(offset, end);
    const body = kind === LINE_COMMENT ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    const directiveKind = match[1] as Kind;
    // ESLint's rule: the reason follows two or more dashes surrounded by whitespace.
    const [list, ...reason] = match[2].split(/\s-{2,}(?:\s|$)/);
    const ruleIds = list.split(/[\s,]+/).filter(Boolean);
    const directive: Directive = { kind: directiveKind, ruleIds, offset, end };
    const justification = reason.join(' -- ').trim();
    if (justification) directive.justification = justification;
    if (directiveKind === 'disable-line') directive.line = source.positionAt(offset).line;
    if (directiveKind === 'disable-next-line') directive.line = source.positionAt(end).line + 1;
    out.push(directive);
  }
  return out;
}

/**
 * Sets aside the findings the file's directives suppress; adds an error for
 * each rule id a directive names that no rule has; when the
 * unused-disable-directive pseudo-rule is among the active rules, adds a
 * finding for each directive (or rule id in one) that suppressed nothing.
 */
export function applySuppressions(
  source: SourceText,
  findings: Finding[],
  active: ConfiguredRule[],
  directives: Directive[] = parseDirectives(source),
): SuppressionOutcome {
  if (directives.length === 0) return { findings, suppressed: [] };
  const used = new Map<Directive, Set<string>>();
  const markUsed = (d: Directive, ruleId: string) => {
    if (!used.has(d)) used.set(d, new Set());
    used.get(d)!.add(ruleId);
  };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const suppressor = finding.fatal || finding.ruleId === null ? undefined : suppressorOf(finding, directives);
    if (suppressor) {
      markUsed(suppressor, finding.ruleId!);
      const { fix: _unfixed, ...rest } = finding;
      suppressed.push({ ...rest, suppressions: [{ kind: 'directive', justification: suppressor.justification ?? '' }] });
    } else kept.push(finding);
  }
  kept.push(...unknownRuleFindings(source, directives));
  const reporting = active.find((c) => c.rule.meta.id === UNUSED_DIRECTIVE_RULE_ID);
  for (const d of reporting ? directives : []) {
    if (d.kind === 'enable') continue;
    const usedIds = used.get(d) ?? new Set<string>();
    const unused = d.ruleIds.length === 0 ? (usedIds.size === 0 ? [undefined] : []) : d.ruleIds.filter((id) => !usedIds.has(id) && knownIds().has(id));
    for (const id of unused) {
      const message = id === undefined
        ? `Unused armlint-${d.kind} directive (no problems were reported).`
        : `Unused armlint-${d.kind} directive (no problems were reported from '${id}').`;
      kept.push(directiveFinding(source, d, UNUSED_DIRECTIVE_RULE_ID, reporting!.severity, message));
    }
  }
  kept.sort((a, b) => a.offset - b.offset || a.length - b.length);
  return { findings: kept, suppressed };
}

let knownRuleIds: Set<string> | undefined;
function knownIds(): Set<string> {
  knownRuleIds ??= new Set([...allRules.map((r) => r.meta.id), UNUSED_DIRECTIVE_RULE_ID]);
  return knownRuleIds;
}

/** ESLint's "Definition for rule … was not found" for each rule id a directive names that no rule has. */
function unknownRuleFindings(source: SourceText, directives: Directive[]): Finding[] {
  const known = knownIds();
  return directives.flatMap((d) =>
    d.ruleIds
      .filter((id) => !known.has(id))
      .map((id) => directiveFinding(source, d, id, 'error', `Definition for rule '${id}' was not found; armlint's rules: ${[...known].join(', ')}.`)),
  );
}

/** A finding positioned on a directive's comment. */
function directiveFinding(source: SourceText, d: Directive, ruleId: string, severity: Severity, message: string): Finding {
  const start = source.positionAt(d.offset);
  const end = source.positionAt(d.end);
  return { ruleId, severity, message, offset: d.offset, length: d.end - d.offset, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** The directive that suppresses a finding, if any. */
function suppressorOf(finding: Finding, directives: Directive[]): Directive | undefined {
  const ruleId = finding.ruleId!;
  const names = (d: Directive) => d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);
  for (const d of directives) {
    if ((d.kind === 'disable-line' || d.kind === 'disable-next-line') && d.line === finding.line && names(d)) return d;
  }
  // Block directives: replay disable/enable up to the finding's start.
  let current: Directive | undefined;
  for (const d of directives) {
    if (d.offset >= finding.offset) break;
    if (d.kind === 'disable' && names(d)) current = d;
    else if (d.kind === 'enable' && names(d)) current = undefined;
  }
  return current;
}

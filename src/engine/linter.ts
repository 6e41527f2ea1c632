import { SourceText } from '../parsing/source-text';
import { parseLenientJson, type ParsedJson } from '../parsing/parse-jsonc';
import { declaredSchema, isTemplateRoot, isTemplateSchema } from '../parsing/template-kind';
import { buildTemplateModel, type TemplateModel, type TemplateScope } from '../model/template-model';
import { forEachStringValue } from '../model/json-nodes';
import { EditBuilder } from '../fixer/edit-builder';
import type { Finding, ReportDescriptor, RuleListeners, RuleModule, Severity } from './types';
import { applySuppressions, type SuppressedFinding } from './suppressions';
import { activeRules, noRuleCanFire } from './no-rule-can-fire';

export interface ConfiguredRule {
  rule: RuleModule;
  severity: Severity;
}

export interface LintOutcome {
  /** False when the file is JSON but not a deployment template: it was skipped. */
  isTemplate: boolean;
  findings: Finding[];
  /** Findings armlint-disable comments suppressed (not fixed); absent when none were. */
  suppressed?: SuppressedFinding[];
  /** A rule threw: a bug in armlint, reported as a fatal finding and exit code 2. */
  internalError?: boolean;
}

export interface LintTextOptions {
  /**
   * Skip work that cannot change the result (default true): files that
   * declare a non-template `$schema` are not parsed, and files without any
   * rule's trigger substring are only checked for syntax with the native
   * JSON.parse. test/shortcuts.test.ts proves both paths agree on the corpus.
   */
  shortcuts?: boolean;
  /** Receives the template model the findings come from (the fixer's verification gate reuses it instead of parsing again). */
  onModel?: (model: TemplateModel) => void;
  /** The text's parseLenientJson result, when the caller already has it (the fixer checks a pass's text parses before linting it). */
  parsed?: ParsedJson;
}

/** Lints one file's text. Never throws for bad input; a rule that throws becomes an internal-error finding. */
export function lintText(text: string, rules: ConfiguredRule[], options: LintTextOptions = {}): LintOutcome {
  const shortcuts = options.shortcuts !== false;
  if (shortcuts) {
    const schema = declaredSchema(text);
    if (schema !== undefined && !isTemplateSchema(schema)) return { isTemplate: false, findings: [] };
  }
  if (shortcuts && noRuleCanFire(text, rules)) {
    const value = parseNativeJson(text);
    // A non-object top level is left to the full path, which explains it when the text declares a template.
    if (value !== undefined && isObjectValue(value)) return { isTemplate: isTemplateValue(value), findings: [] };
  }
  const active = activeRules(text, rules);
  const source = new SourceText(text);
  const parsed = options.parsed ?? parseLenientJson(text);
  if (parsed.problems.length > 0 || !parsed.root) {
    if (!couldBeTemplate(text)) return { isTemplate: false, findings: [] };
    const problem = parsed.problems[0] ?? { message: 'Parsing error: the file is empty', offset: 0, length: 0 };
    return { isTemplate: true, findings: [fatalFinding(source, problem.message, problem.offset, problem.length)] };
  }
  if (parsed.root.type !== 'object') {
    // Any JSON may have a non-object top level; only one that declares a template schema was meant to be one.
    const schema = declaredSchema(text);
    if (schema === undefined || !isTemplateSchema(schema)) return { isTemplate: false, findings: [] };
    const what = parsed.root.type === 'array' ? 'an array' : parsed.root.type === 'null' ? 'null' : `a ${parsed.root.type}`;
    const message = `Parsing error: the top level is ${what}, not an object; a deployment template is one JSON object`;
    return { isTemplate: true, findings: [fatalFinding(source, message, parsed.root.offset, 1)] };
  }
  if (!isTemplateRoot(parsed.root)) return { isTemplate: false, findings: [] };
  // Directives are checked (unknown rule ids) even when no rule can fire.
  if (active.length === 0) return { isTemplate: true, ...withSuppressions(source, [], active) };

  const findings: Finding[] = [];
  const running: { ruleId?: string } = {};
  try {
    const model = buildTemplateModel(parsed.root);
    options.onModel?.(model);
    const builder = new EditBuilder(source);
    const subscriptions = active.map(({ rule, severity }) => {
      const ruleId = rule.meta.id;
      running.ruleId = ruleId;
      const listeners = rule.create({ ruleId, source, model, report: (d) => findings.push(toFinding(source, builder, ruleId, severity, d)) });
      return { listeners, ruleId };
    });
    dispatch(model, subscriptions, running);
  } catch (error) {
    const where = running.ruleId ? `rule ${running.ruleId}` : 'the template model';
    const message = `Internal error in ${where}: ${(error as Error).message}`;
    return { isTemplate: true, findings: [...findings, fatalFinding(source, message, 0, 0)], internalError: true };
  }
  findings.sort((a, b) => a.offset - b.offset || a.length - b.length);
  // armlint-disable comments: suppressed findings are set aside here, so --fix never fixes them.
  return { isTemplate: true, ...withSuppressions(source, findings, active) };
}

function withSuppressions(source: SourceText, findings: Finding[], active: ConfiguredRule[]): Pick<LintOutcome, 'findings' | 'suppressed'> {
  const outcome = applySuppressions(source, findings, active);
  return outcome.suppressed.length > 0 ? outcome : { findings: outcome.findings };
}

interface Subscription {
  listeners: RuleListeners;
  ruleId: string;
}

/** Calls each rule's listeners over the model; `running` names the rule being called, for error reports. */
function dispatch(model: TemplateModel, subscriptions: Subscription[], running: { ruleId?: string }): void {
  const each = (visit: (listeners: RuleListeners) => void) => {
    for (const s of subscriptions) {
      running.ruleId = s.ruleId;
      visit(s.listeners);
    }
  };
  for (const scope of model.scopes) each((l) => l.template?.(scope));
  for (const resource of model.resources) each((l) => l.resource?.(resource));
  const stringListeners = subscriptions.filter((s) => s.listeners.string);
  if (stringListeners.length > 0) {
    forEachStringValue(model.root, (node) => {
      const scope: TemplateScope = model.scopeAt(node.offset);
      for (const s of stringListeners) {
        running.ruleId = s.ruleId;
        s.listeners.string!(node, scope);
      }
    });
  }
  running.ruleId = undefined;
}

/** JSON.parse, which is several times faster than a JSONC tree; undefined when the text is not strict JSON. */
function parseNativeJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

function isObjectValue(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTemplateValue(value: Record<string, unknown>): boolean {
  return isTemplateSchema(value.$schema);
}

/**
 * Text that does not parse is reported when it declares a template schema or
 * declares none at all (truncated, empty or binary: we cannot tell it is not
 * a template); a broken parameter file or UI definition is not ours to judge.
 */
function couldBeTemplate(text: string): boolean {
  const schema = declaredSchema(text);
  return schema === undefined || isTemplateSchema(schema);
}

function fatalFinding(source: SourceText, message: string, offset: number, length: number): Finding {
  const start = source.positionAt(offset);
  const end = source.positionAt(offset + length);
  return {
    ruleId: null,
    severity: 'error',
    fatal: true,
    message,
    offset,
    length,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

function toFinding(source: SourceText, builder: EditBuilder, ruleId: string, severity: Severity, d: ReportDescriptor): Finding {
  const start = source.positionAt(d.node.offset);
  const end = source.positionAt(d.node.offset + d.node.length);
  const edits = d.fix ? d.fix(builder) : null;
  return {
    ruleId,
    severity,
    message: d.message,
    offset: d.node.offset,
    length: d.node.length,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(edits && edits.length > 0 ? { fix: { edits } } : {}),
  };
}

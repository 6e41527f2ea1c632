import { SourceText } from '../parsing/source-text';
import { applySuppressions } from '../engine/suppressions';
import { applyFixes } from '../fixer/apply-fixes';
import type { ConfiguredRule, LintOutcome } from '../engine/linter';
import { fixErrorFinding, type FixOutcome } from '../fixer/fix-text';
import type { Finding } from '../engine/types';
import { plainSegment } from '../commands/segment';
import { MAX_COMMAND_CHARS, findTokenRequests, tokenUrlsInLongText, type TokenRequest } from '../commands/token-requests';
import { imdsTokenEndpoint, tokenRequestMessage } from '../../rules/imds-token-endpoint';
import { cloudInitCommands } from './cloud-init';
import { scriptDirectives } from './comment-directives';
import type { ScriptKind } from './script-kind';

/** Fix passes on a script: a rewrite never makes another, so two are enough; the bound guards against a loop. */
const MAX_PASSES = 3;

/**
 * Lints a script (shell, PowerShell, batch, Python, cloud-init) for token
 * requests to the extension's endpoint: the same requests, rewrites and
 * messages as in templates, with suppressions in the script's comment syntax.
 * Never throws: a failure becomes an internal-error finding.
 */
export function lintScriptText(text: string, kind: ScriptKind, rules: ConfiguredRule[]): LintOutcome {
  const configured = rules.find((r) => r.rule.meta.id === imdsTokenEndpoint.meta.id);
  const source = new SourceText(text);
  if (!configured) return { isTemplate: true, findings: [] };
  let findings: Finding[];
  try {
    const bom = source.hasBom ? 1 : 0;
    const requests = text.length > MAX_COMMAND_CHARS ? tokenUrlsInLongText(text, 0) : findTokenRequests(commandsOf(text, bom, kind), kind.language);
    findings = requests.map((r) => toFinding(source, r, configured));
  } catch (error) {
    const message = `Internal error in rule ${imdsTokenEndpoint.meta.id}: ${(error as Error).message}`;
    return { isTemplate: true, findings: [{ ...position(source, 0, 0), ruleId: null, severity: 'error', fatal: true, message, offset: 0, length: 0 }], internalError: true };
  }
  findings.sort((a, b) => a.offset - b.offset || a.length - b.length);
  const outcome = applySuppressions(source, findings, rules, scriptDirectives(source, kind.language));
  return { isTemplate: true, findings: outcome.findings, ...(outcome.suppressed.length > 0 ? { suppressed: outcome.suppressed } : {}) };
}

/**
 * Lints and applies the safe fixes until none remains. A pass is kept only
 * when linting its result reports no problem the text before it did not
 * have; otherwise the script comes back unchanged with an internal-error finding.
 */
export function fixScriptText(text: string, kind: ScriptKind, rules: ConfiguredRule[]): FixOutcome {
  let current = text;
  let fixed = 0;
  let outcome = lintScriptText(current, kind, rules);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixable = outcome.findings.filter((f) => f.fix);
    if (fixable.length === 0 || outcome.internalError) break;
    const result = applyFixes(current, fixable.map((f) => f.fix!));
    const next = lintScriptText(result.text, kind, rules);
    const known = new Set(outcome.findings.map((f) => f.message));
    const introduced = next.findings.find((f) => !known.has(f.message));
    if (next.internalError || introduced) {
      const original = lintScriptText(text, kind, rules);
      const internal = fixErrorFinding(imdsTokenEndpoint.meta.id, `its result has a problem the file did not have (${introduced?.message ?? 'linting it fails'})`);
      return { ...original, findings: [internal, ...original.findings], internalError: true, output: text, fixed: 0 };
    }
    current = result.text;
    fixed += result.applied;
    outcome = next;
  }
  return { ...outcome, output: current, fixed };
}

function commandsOf(text: string, bom: number, kind: ScriptKind) {
  const segment = plainSegment(text.slice(bom), bom);
  return kind.cloudInit ? cloudInitCommands(segment) : segment;
}

function toFinding(source: SourceText, request: TokenRequest, configured: ConfiguredRule): Finding {
  return {
    ...position(source, request.offset, request.length),
    ruleId: imdsTokenEndpoint.meta.id,
    severity: configured.severity,
    message: tokenRequestMessage(request.port, request.why),
    offset: request.offset,
    length: request.length,
    ...(request.edits ? { fix: { edits: request.edits } } : {}),
  };
}

function position(source: SourceText, offset: number, length: number) {
  const start = source.positionAt(offset);
  const end = source.positionAt(offset + length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

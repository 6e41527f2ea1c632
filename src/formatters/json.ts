import { fixDataFor } from '../fixer/fix-data';
import type { Formatter } from './types';
import type { Finding } from '../engine/types';

/** ESLint's JSON formatter shape: severity 1 warning, 2 error; 1-based lines and columns. */
export const formatJson: Formatter = (results) => {
  const out = results.map((r) => {
    const messages = r.findings.map((f) => ({ ...jsonMessage(f), ...jsonFix(r.source, f) }));
    // ESLint's shape: the message, and how it was suppressed (the directive's `--` reason as justification).
    const suppressedMessages = (r.suppressed ?? []).map((f) => ({ ...jsonMessage(f), suppressions: f.suppressions }));
    const count = (severity: 'error' | 'warning', fixable = false) =>
      r.findings.filter((f) => f.severity === severity && (!fixable || f.fix)).length;
    return {
      filePath: r.filePath,
      messages,
      suppressedMessages,
      errorCount: count('error'),
      fatalErrorCount: r.findings.filter((f) => f.fatal).length,
      warningCount: count('warning'),
      fixableErrorCount: count('error', true),
      fixableWarningCount: count('warning', true),
      ...(r.output !== undefined ? { output: r.output } : {}),
    };
  });
  return JSON.stringify(out);
};

function jsonMessage(f: Finding): object {
  return {
    ruleId: f.ruleId,
    severity: f.severity === 'error' ? 2 : 1,
    ...(f.fatal ? { fatal: true } : {}),
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
  };
}

/** ESLint's `fix`: one range of the original text and its replacement, as --fix would apply it. */
function jsonFix(source: string, f: Finding): { fix?: { range: [number, number]; text: string } } {
  const data = f.fix && fixDataFor(source, f.fix.edits);
  return data ? { fix: { range: data.range, text: data.text } } : {};
}

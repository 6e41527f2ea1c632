import { mergeEdits } from '../fixer/apply-fixes';
import type { Formatter } from './types';

/** ESLint's JSON formatter shape: severity 1 warning, 2 error; 1-based lines and columns. */
export const formatJson: Formatter = (results) => {
  const out = results.map((r) => {
    const messages = r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity === 'error' ? 2 : 1,
      ...(f.fatal ? { fatal: true } : {}),
      message: f.message,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      ...(f.fix ? { fix: mergeEdits(r.source, f.fix.edits) } : {}),
    }));
    const count = (severity: 'error' | 'warning', fixable = false) =>
      r.findings.filter((f) => f.severity === severity && (!fixable || f.fix)).length;
    return {
      filePath: r.filePath,
      messages,
      suppressedMessages: [],
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

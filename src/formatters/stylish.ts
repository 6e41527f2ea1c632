import type { Formatter } from './types';
import { countResults, fixedSentence, plural } from './summary';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
};

/**
 * ESLint's default human output: findings grouped by file as
 * `line:column  severity  message  rule-id`, then a summary line. With
 * colour: the file path underlined, severities red/yellow, positions and
 * rule ids dim (padding is computed on the plain text).
 */
export const formatStylish: Formatter = (results, context) => {
  const paint = (codes: string, text: string) => (context.color && text ? `${codes}${text}${ANSI.reset}` : text);
  const lines: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    lines.push('', paint(ANSI.underline, result.filePath));
    const rows = result.findings.map((f) => [`${f.line}:${f.column}`, f.severity, f.message.replace(/\s+$/, ''), f.ruleId ?? '']);
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) {
      const severity = paint(row[1] === 'error' ? ANSI.red : ANSI.yellow, row[1]) + ' '.repeat(widths[1] - row[1].length);
      const position = paint(ANSI.dim, row[0]) + ' '.repeat(widths[0] - row[0].length);
      lines.push(`  ${position}  ${severity}  ${row[2]}  ${paint(ANSI.dim, row[3])}`.trimEnd());
    }
  }
  const c = countResults(results);
  const summary: string[] = [];
  if (context.fixed && c.fixed > 0) summary.push(fixedSentence(c, context.dryRun === true));
  const total = c.errors + c.warnings;
  if (total > 0) {
    const color = c.errors > 0 ? ANSI.red : ANSI.yellow;
    summary.push(paint(ANSI.bold + color, `✖ ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')})`));
    if (c.fixableErrors + c.fixableWarnings > 0) {
      summary.push(paint(ANSI.bold + color, `  ${plural(c.fixableErrors, 'error')} and ${plural(c.fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`));
    }
  }
  if (summary.length === 0) return '';
  return [...lines, '', ...summary, ''].join('\n');
};

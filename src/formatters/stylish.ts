import type { Formatter } from './types';

/**
 * ESLint's default human output: findings grouped by file as
 * `line:column  severity  message  rule-id`, then a summary line.
 */
export const formatStylish: Formatter = (results, context) => {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const result of results) {
    if (result.findings.length === 0) continue;
    lines.push('', result.filePath);
    const rows = result.findings.map((f) => [`${f.line}:${f.column}`, f.severity, f.message.replace(/\s+$/, ''), f.ruleId ?? '']);
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) lines.push(`  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}  ${row[3]}`.trimEnd());
    for (const f of result.findings) {
      if (f.severity === 'error') {
        errors++;
        if (f.fix) fixableErrors++;
      } else {
        warnings++;
        if (f.fix) fixableWarnings++;
      }
    }
  }
  const fixedTotal = results.reduce((n, r) => n + r.fixed, 0);
  const fixedFiles = results.filter((r) => r.fixed > 0).length;
  const summary: string[] = [];
  if (context.fixed && fixedTotal > 0) {
    summary.push(`Fixed ${plural(fixedTotal, 'problem')} in ${plural(fixedFiles, 'file')}.`);
  }
  const total = errors + warnings;
  if (total > 0) {
    summary.push(`✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`);
    if (fixableErrors + fixableWarnings > 0) {
      summary.push(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`);
    }
  }
  if (summary.length === 0) return '';
  return [...lines, '', ...summary, ''].join('\n');
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

import * as path from 'node:path';
import type { Formatter } from './types';

/** Escaping of @actions/core: the message (data) and the key=value properties. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, one per finding, which the runner turns
 * into annotations on the pull request:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=rule-id::message`.
 * Paths are relative to the working directory (the checkout in Actions).
 */
export const formatGithub: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = path.relative(context.cwd, result.filePath).split(path.sep).join('/') || path.basename(result.filePath);
    for (const f of result.findings) {
      const command = f.severity === 'error' ? 'error' : 'warning';
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(f.ruleId ?? (f.fatal ? 'armlint (fatal)' : 'armlint'))}`,
      ];
      lines.push(`::${command} ${props.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

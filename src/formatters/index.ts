import type { Formatter } from './types';
import { formatStylish } from './stylish';
import { formatJson } from './json';

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** SARIF and GitHub output are loaded only when asked for, so a plain run stays fast. */
export const formatters: Record<FormatName, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: (results, context) => (require('./sarif') as typeof import('./sarif')).formatSarif(results, context),
  github: (results, context) => (require('./github') as typeof import('./github')).formatGithub(results, context),
};

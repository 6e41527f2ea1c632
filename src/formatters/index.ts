import type { Formatter } from './types';
import { formatStylish } from './stylish';
import { formatJson } from './json';

export const FORMAT_NAMES = ['stylish', 'json'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const formatters: Record<FormatName, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
};

import type { Language, Mark, Token, Word } from './tokens';

/** A nested part of a statement (`$( )`, `@{ }`, `( )`): its brackets' segment range. */
export interface Group {
  type: 'group';
  open: string;
  start: number;
  end: number;
}

export type Item = Word | Group | Mark;

const SEPARATORS: Record<Language, Set<string>> = {
  shell: new Set([';', '&&', '||', '|', '&', '\n', '`', ';;']),
  powershell: new Set([';', '|', '\n']),
  cmd: new Set(['&', '&&', '||', '|', '\n']),
  python: new Set(['\n', ';']),
};

/**
 * The simple command (statement) holding token `index`: its tokens at the
 * same nesting depth, with each nested part folded into one Group item.
 */
export function statementAround(tokens: Token[], index: number, language: Language): Item[] {
  const separators = SEPARATORS[language];
  const isSeparator = (t: Token) => t.type === 'op' && separators.has(t.text);
  let first = index;
  for (let depth = 0, k = index - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.type === 'close') depth++;
    else if (t.type === 'open') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && isSeparator(t)) break;
    if (depth === 0) first = k;
  }
  const items: Item[] = [];
  for (let k = first; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'close' || isSeparator(t)) break;
    if (t.type === 'open') {
      const close = matchingClose(tokens, k);
      items.push({ type: 'group', open: t.text, start: t.start, end: close < tokens.length ? tokens[close].end : t.end });
      k = close;
      continue;
    }
    items.push(t);
  }
  return items;
}

/** Index of the close matching the open at `k` (tokens.length when unclosed). */
export function matchingClose(tokens: Token[], k: number): number {
  let depth = 0;
  for (let m = k; m < tokens.length; m++) {
    if (tokens[m].type === 'open') depth++;
    else if (tokens[m].type === 'close' && --depth === 0) return m;
  }
  return tokens.length;
}

/** A program's name as commands spell it: lower case, without directory and `.exe`. */
export function programName(word: Word): string {
  return word.value.replace(/^.*[\\/]/, '').toLowerCase().replace(/\.exe$/, '');
}

const PREFIXES = new Set(['sudo', 'env', 'exec', 'time', 'nohup', 'command', 'call', 'start', 'timeout']);

/** Index (in items) of the statement's command word: after assignments, `sudo`/`env`-style prefixes and their options. */
export function commandIndex(items: Item[], language: Language): number {
  let afterPrefix = false;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item.type !== 'word') continue;
    const name = programName(item);
    if (language === 'shell' && /^[A-Za-z_]\w*=/.test(item.value) && item.quoting[0] === 'bare') continue;
    if (language === 'powershell' && (item.value.startsWith('$') || item.value === '&' || item.value === '.')) continue;
    if (PREFIXES.has(name)) {
      afterPrefix = true;
      continue;
    }
    if (afterPrefix && /^[-/]/.test(item.value)) continue;
    return k;
  }
  return -1;
}

/** Is the character at `k` of a word's value something the language expands at run time ($var, %var%, a HOLE)? */
export function isUnseen(word: Word, k: number, language: Language): boolean {
  const c = word.value[k];
  if (c === '\u0000') return true;
  const q = word.quoting[k];
  if (language === 'shell') return (c === '$' || c === '`') && q !== 'single';
  if (language === 'powershell') return c === '$' && q !== 'single';
  if (language === 'cmd') return c === '%' || c === '!';
  return false;
}

/** True when some character of the word (from `from`) is expanded at run time. */
export function hasUnseen(word: Word, language: Language, from = 0): boolean {
  for (let k = from; k < word.value.length; k++) if (isUnseen(word, k, language)) return true;
  return false;
}

import type { ConfiguredRule } from './linter';
import type { RuleMeta } from './types';

/** `armlint-` starts every directive comment (armlint-disable, -enable, -disable-line, -disable-next-line). */
const DIRECTIVE = 'armlint-';

/** The scans of one rules array: all words at once, plain triggers (and directives), the quoted names of base64 properties. */
interface Scans {
  /** Nearly every file holds none of the words: one pass over its text says so. */
  any: RegExp;
  triggers: RegExp;
  base64Keys?: RegExp;
}

const scans = new WeakMap<ConfiguredRule[], Scans | null>();

/**
 * The substrings that make a rule run on a file: its triggers, and each of
 * its base64 properties as a JSON key is written (`"script"`).
 */
export function triggerWords(meta: RuleMeta): string[] {
  return [...meta.triggers, ...(meta.base64Keys ?? []).map((key) => `"${key}"`)];
}

/**
 * True when no rule can fire on the text, so there is nothing to check but
 * the syntax: it holds none of the rules' trigger substrings and no
 * directive comment, and every base64 property value it holds decodes to
 * text without a trigger. One case-insensitive scan of the text for all
 * triggers at once (the directive matched caselessly too: a false "maybe"
 * only costs the full path). False whenever a rule declares no triggers (it
 * may fire anywhere). The scans are built once per rules array: a run has
 * one per config.
 */
export function noRuleCanFire(text: string, rules: ConfiguredRule[]): boolean {
  let scan = scans.get(rules);
  if (scan === undefined) {
    scan = rules.some(({ rule }) => rule.meta.triggers.length === 0) ? null : buildScans(rules);
    scans.set(rules, scan);
  }
  if (scan === null) return false;
  if (!scan.any.test(text)) return true;
  return !scan.triggers.test(text) && scan.base64Keys !== undefined && !base64ValueMayTrigger(text, scan);
}

function buildScans(rules: ConfiguredRule[]): Scans {
  const words = [...rules.flatMap(({ rule }) => rule.meta.triggers), DIRECTIVE];
  const keys = rules.flatMap(({ rule }) => (rule.meta.base64Keys ?? []).map((key) => `"${key}"`));
  return {
    any: caselessAlternation([...words, ...keys]),
    triggers: caselessAlternation(words),
    base64Keys: keys.length > 0 ? new RegExp(caselessAlternation(keys).source, 'gi') : undefined,
  };
}

const BASE64_CHAR = /[A-Za-z0-9+/=]/;

/**
 * Reads each occurrence of a base64 property's quoted name straight from the
 * text (duplicate keys included, which JSON.parse would drop): a string value
 * of base64 characters is decoded and searched for the triggers. Whatever
 * this reading cannot settle (a comment or an escape where the value stands)
 * answers true, and the file takes the full path.
 */
function base64ValueMayTrigger(text: string, scan: Scans): boolean {
  const keys = scan.base64Keys!;
  keys.lastIndex = 0;
  for (let match = keys.exec(text); match !== null; match = keys.exec(text)) {
    let i = skipSpace(text, match.index + match[0].length);
    if (text[i] !== ':') {
      // The name was a string value (`"name": "script",`), not a key.
      if (i >= text.length || ',]}'.includes(text[i])) continue;
      return true;
    }
    i = skipSpace(text, i + 1);
    if (text[i] === '/') return true; // a comment before the value
    if (text[i] !== '"') continue; // not a string: nothing to decode
    const start = i + 1;
    let end = start;
    while (end < text.length && BASE64_CHAR.test(text[end])) end++;
    if (text[end] === '\\') return true; // an escape: the decoded value is not the raw text
    if (text[end] !== '"') continue; // characters base64 never holds
    if (scan.triggers.test(Buffer.from(text.slice(start, end), 'base64').toString('utf8'))) return true;
  }
  return false;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Literal substrings, any case (linear-time: no nested quantifiers). */
export function caselessAlternation(words: string[]): RegExp {
  return new RegExp([...new Set(words)].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
}

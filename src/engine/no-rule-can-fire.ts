/** Trigger words: from a text's characters alone, before any parse, whether any rule can fire on it and which rules to run. */
import type { ConfiguredRule } from './linter';
import type { RuleMeta } from './types';

/** `armlint-` starts every directive comment (armlint-disable, -enable, -disable-line, -disable-next-line). */
const DIRECTIVE = 'armlint-';

/** The scans of one rules array, built once: a run has one rules array per config. */
interface Scans {
  /** noRuleCanFire's; null when a rule declares no triggers (it may fire anywhere). */
  quiet: QuietScans | null;
  /** activeRules': every rule's words at once (global), and each rule's own words (sticky; none for a rule without triggers). */
  anyRuleWord: RegExp;
  ruleWords: Array<RegExp | undefined>;
}

/** All words at once, plain triggers (and directives), the quoted names of base64 properties. */
interface QuietScans {
  /** Nearly every file holds none of the words: one pass over its text says so. */
  any: RegExp;
  triggers: RegExp;
  base64Keys?: RegExp;
}

const scans = new WeakMap<ConfiguredRule[], Scans>();

function scansOf(rules: ConfiguredRule[]): Scans {
  let scan = scans.get(rules);
  if (scan === undefined) {
    const words = rules.flatMap(({ rule }) => triggerWords(rule.meta));
    scan = {
      quiet: rules.some(({ rule }) => rule.meta.triggers.length === 0) ? null : quietScans(rules),
      // With no words at all, a pattern that never matches: nothing is scanned.
      anyRuleWord: new RegExp(words.length > 0 ? caselessAlternation(words).source : '(?!)', 'gi'),
      ruleWords: rules.map(({ rule }) => (rule.meta.triggers.length === 0 ? undefined : new RegExp(caselessAlternation(triggerWords(rule.meta)).source, 'iy'))),
    };
    scans.set(rules, scan);
  }
  return scan;
}

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
 * may fire anywhere).
 */
export function noRuleCanFire(text: string, rules: ConfiguredRule[]): boolean {
  const scan = scansOf(rules).quiet;
  if (scan === null) return false;
  if (!scan.any.test(text)) return true;
  return !scan.triggers.test(text) && scan.base64Keys !== undefined && !base64ValueMayTrigger(text, scan);
}

/** Rules whose trigger substrings occur in the text; the rest cannot fire here (files where none can are mostly answered by noRuleCanFire before any parse). */
export function activeRules(text: string, rules: ConfiguredRule[]): ConfiguredRule[] {
  const { anyRuleWord, ruleWords } = scansOf(rules);
  const active = rules.map(({ rule }) => rule.meta.triggers.length === 0);
  let missing = active.filter((a) => !a).length;
  // One scan for every rule's words, not one per rule (a rule whose words are absent costs a whole scan):
  // each position where some word starts is visited (lastIndex steps one past it, so overlapping words are
  // not skipped), and there each rule not yet active tries its own words.
  anyRuleWord.lastIndex = 0;
  for (let match = anyRuleWord.exec(text); match !== null && missing > 0; match = anyRuleWord.exec(text)) {
    for (let i = 0; i < rules.length; i++) {
      if (active[i]) continue;
      const own = ruleWords[i]!;
      own.lastIndex = match.index;
      if (own.test(text)) {
        active[i] = true;
        missing--;
      }
    }
    anyRuleWord.lastIndex = match.index + 1;
  }
  return rules.filter((_, i) => active[i]);
}

function quietScans(rules: ConfiguredRule[]): QuietScans {
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
function base64ValueMayTrigger(text: string, scan: QuietScans): boolean {
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

import type { ConfiguredRule } from './linter';

/** `armlint-` starts every directive comment (armlint-disable, -enable, -disable-line, -disable-next-line). */
const DIRECTIVE = 'armlint-';

const scans = new WeakMap<ConfiguredRule[], RegExp | null>();

/**
 * True when the text holds none of the rules' trigger substrings and no
 * directive comment: then no rule can fire and there is nothing to check but
 * the syntax. One case-insensitive scan of the text for all of them at once
 * (the directive matched caselessly too: a false "maybe" only costs the full
 * path). False whenever a rule declares no triggers (it may fire anywhere).
 * The scan is built once per rules array: a run has one per config.
 */
export function noRuleCanFire(text: string, rules: ConfiguredRule[]): boolean {
  let scan = scans.get(rules);
  if (scan === undefined) {
    const triggers = rules.map(({ rule }) => rule.meta.triggers);
    scan = triggers.some((t) => t.length === 0) ? null : caselessAlternation([...triggers.flat(), DIRECTIVE]);
    scans.set(rules, scan);
  }
  return scan !== null && !scan.test(text);
}

/** Literal substrings, any case (linear-time: no nested quantifiers). */
function caselessAlternation(words: string[]): RegExp {
  return new RegExp([...new Set(words)].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
}

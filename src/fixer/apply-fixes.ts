import type { Edit, Fix } from '../engine/types';

export interface AppliedFixes {
  text: string;
  applied: number;
  /** Fixes left for a later pass because they overlap one already taken. */
  deferred: number;
}

/**
 * Applies as many fixes as can be applied together, in source order, the
 * way ESLint does: a fix whose edits overlap an edit already taken waits for
 * the next pass (the rules then see the updated text).
 */
export function applyFixes(text: string, fixes: Fix[]): AppliedFixes {
  for (const fix of fixes) for (const edit of fix.edits) checkEdit(text, edit);
  const ordered = [...fixes].sort((a, b) => firstOffset(a) - firstOffset(b));
  const taken = new SortedEdits();
  let applied = 0;
  let deferred = 0;
  for (const fix of ordered) {
    if (fix.edits.some((e) => taken.overlapsAny(e)) || selfOverlapping(fix.edits)) {
      deferred++;
      continue;
    }
    for (const e of fix.edits) taken.add(e);
    applied++;
  }
  return { text: applyEditsInOnePass(text, taken.edits), applied, deferred };
}

/**
 * Taken edits in offset order, so an overlap check looks at neighbours only
 * (taken edits never overlap each other): thousands of fixes stay linear-ish.
 */
class SortedEdits {
  readonly edits: Edit[] = [];

  overlapsAny(e: Edit): boolean {
    const i = this.indexFor(e);
    for (let j = Math.max(0, i - 2); j < Math.min(this.edits.length, i + 2); j++) if (overlaps(e, this.edits[j])) return true;
    return false;
  }

  add(e: Edit): void {
    this.edits.splice(this.indexFor(e), 0, e);
  }

  /** Index of the first taken edit ordered after `e` (by offset, then length, as applyEdits orders them). */
  private indexFor(e: Edit): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = this.edits[mid];
      if (t.offset < e.offset || (t.offset === e.offset && t.length <= e.length)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** jsonc-parser's applyEdits, but building the result once instead of re-slicing the text per edit (quadratic on big fixes). */
function applyEditsInOnePass(text: string, sorted: Edit[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const e of sorted) {
    if (e.offset < cursor) throw new Error('Overlapping edit');
    parts.push(text.slice(cursor, e.offset), e.content);
    cursor = e.offset + e.length;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** An edit must lie inside the text; anything else is a bug in a rule, and no byte may be guessed at. */
function checkEdit(text: string, edit: Edit): void {
  const { offset, length, content } = edit;
  const valid =
    Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= text.length && typeof content === 'string';
  if (!valid) throw new Error(`edit {offset: ${offset}, length: ${length}} lies outside the text (length ${text.length})`);
}

function firstOffset(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.offset));
}

/** Ranges that share a character, or two insertions at one point (their order would be arbitrary). */
export function overlaps(a: Edit, b: Edit): boolean {
  const aEnd = a.offset + a.length;
  const bEnd = b.offset + b.length;
  if (a.length === 0 && b.length === 0) return a.offset === b.offset;
  if (a.length === 0) return a.offset > b.offset && a.offset < bEnd;
  if (b.length === 0) return b.offset > a.offset && b.offset < aEnd;
  return a.offset < bEnd && b.offset < aEnd;
}

function selfOverlapping(edits: Edit[]): boolean {
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (overlaps(edits[i], edits[j])) return true;
  return false;
}

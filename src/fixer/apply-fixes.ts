import { applyEdits } from 'jsonc-parser';
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
  const taken: Edit[] = [];
  let applied = 0;
  let deferred = 0;
  for (const fix of ordered) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t))) || selfOverlapping(fix.edits)) {
      deferred++;
      continue;
    }
    taken.push(...fix.edits);
    applied++;
  }
  return { text: applyEdits(text, taken), applied, deferred };
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

import type { Edit } from '../engine/types';

/**
 * The fix data a report carries for one finding (JSON `fix`, SARIF `fixes`),
 * computed from the same edits `--fix` applies with jsonc-parser's
 * `applyEdits`, so that applying the data reproduces what `--fix` writes.
 * Every report format goes through `fixDataFor`: a check of the fixed text
 * (e.g. against the original's references) belongs there, in one place.
 */
export interface FixData {
  /**
   * The edits in jsonc-parser's order, edits that start at one offset merged
   * into one (their contents concatenated in the order `applyEdits` writes
   * them), so no two edits share a start and every consumer order agrees.
   */
  edits: Edit[];
  /** ESLint's shape: one range of the original text and its replacement. */
  range: [number, number];
  text: string;
}

export function fixDataFor(text: string, edits: Edit[]): FixData | undefined {
  if (edits.length === 0) return undefined;
  const normalized = normalizeEdits(edits);
  return { edits: normalized, ...singleReplacement(text, normalized) };
}

/**
 * jsonc-parser's `applyEdits` sorts by offset, then by length (an insertion
 * before a replacement at the same offset), keeping the given order among
 * equals, and writes them from the end: at one offset the contents land in
 * that sorted order. Merging them here keeps that order in the data.
 */
export function normalizeEdits(edits: Edit[]): Edit[] {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.e.length - b.e.length || a.i - b.i);
  const out: Edit[] = [];
  for (const { e } of sorted) {
    const last = out[out.length - 1];
    if (last && last.offset === e.offset && last.length === 0) {
      out[out.length - 1] = { offset: e.offset, length: e.length, content: last.content + e.content };
    } else {
      out.push({ ...e });
    }
  }
  return out;
}

/** The normalized edits as one range and text, the original text between them carried over. */
function singleReplacement(text: string, edits: Edit[]): { range: [number, number]; text: string } {
  const start = edits[0].offset;
  const end = Math.max(...edits.map((e) => e.offset + e.length));
  let out = '';
  let cursor = start;
  for (const e of edits) {
    out += text.slice(cursor, e.offset) + e.content;
    cursor = Math.max(cursor, e.offset + e.length);
  }
  out += text.slice(cursor, end);
  return { range: [start, end], text: out };
}

import type { Finding } from '../engine/types';

/**
 * What the report formatters need of a file's text to print its findings,
 * instead of the whole text: where its lines break (for the line/column of a
 * fix's edits in SARIF) and the text inside each fix's range (for ESLint's
 * merged fix in the JSON format). The cache stores this; a result answered
 * from the cache carries the text rebuilt from it (unknown characters as
 * spaces), which prints exactly like the original.
 */
export interface SourceSketch {
  length: number;
  bom: boolean;
  /** Offsets after each line break up to the last fix's end (positions further on are never asked), each as the distance from the previous one. */
  breaks: number[];
  /** The line break before each of `breaks`: `n` (\n), `r` (\r) or `c` (\r\n); one letter when all are alike. */
  kinds: string;
  /** [offset, text] of each fix's range (from its first edit's start to its last edit's end). */
  pieces: Array<[number, string]>;
}

/** The sketch of `text` for `findings`, or undefined when no finding has a fix (nothing of the text is printed). */
export function sketchSource(text: string, findings: Finding[]): SourceSketch | undefined {
  const pieces: Array<[number, string]> = [];
  for (const f of findings) {
    if (!f.fix || f.fix.edits.length === 0) continue;
    const start = Math.min(...f.fix.edits.map((e) => e.offset));
    const end = Math.max(...f.fix.edits.map((e) => e.offset + e.length));
    pieces.push([start, text.slice(start, end)]);
  }
  if (pieces.length === 0) return undefined;
  const last = Math.max(...pieces.map(([offset, piece]) => offset + piece.length));
  const breaks: number[] = [];
  const kindOf: string[] = [];
  let previous = 0;
  // The regex engine finds line breaks far faster than a loop over the characters.
  const lineBreak = /\r\n|\r|\n/g;
  for (let m = lineBreak.exec(text); m !== null && m.index <= last; m = lineBreak.exec(text)) {
    const start = m.index + m[0].length;
    breaks.push(start - previous);
    previous = start;
    kindOf.push(m[0] === '\r\n' ? 'c' : m[0] === '\n' ? 'n' : 'r');
  }
  const kinds = kindOf.join('');
  const uniform = kindOf.length > 0 && kindOf.every((k) => k === kindOf[0]);
  return { length: text.length, bom: text.charCodeAt(0) === 0xfeff, breaks, kinds: uniform ? kinds[0] : kinds, pieces };
}

/** A text with the same length, line breaks and fix ranges as the sketched one; everything else is spaces. */
export function rebuildSource(sketch: SourceSketch): string {
  // What is known of the text, by offset; everything between is spaces. Overlaps hold the same characters (all come from one text).
  const known: Array<[number, string]> = sketch.bom ? [[0, '\ufeff']] : [];
  let start = 0;
  sketch.breaks.forEach((distance, i) => {
    start += distance;
    const kind = sketch.kinds.length === 1 ? sketch.kinds : sketch.kinds[i];
    known.push(kind === 'c' ? [start - 2, '\r\n'] : [start - 1, kind === 'n' ? '\n' : '\r']);
  });
  known.push(...sketch.pieces);
  known.sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let cursor = 0;
  for (const [offset, text] of known) {
    const end = offset + text.length;
    if (end <= cursor) continue;
    if (offset >= cursor) out.push(' '.repeat(offset - cursor), text);
    else out.push(text.slice(cursor - offset));
    cursor = end;
  }
  out.push(' '.repeat(Math.max(0, sketch.length - cursor)));
  return out.join('');
}

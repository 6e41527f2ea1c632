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
  const bom = text.charCodeAt(0) === 0xfeff;
  const firstCr = text.indexOf('\r');
  if (firstCr < 0 || firstCr > last) {
    // Only \n breaks up to the last fix (most files): indexOf finds them without a match object per line.
    const breaks: number[] = [];
    let previous = 0;
    for (let at = text.indexOf('\n'); at !== -1 && at <= last; at = text.indexOf('\n', at + 1)) {
      breaks.push(at + 1 - previous);
      previous = at + 1;
    }
    return { length: text.length, bom, breaks, kinds: breaks.length > 0 ? 'n' : '', pieces };
  }
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
  return { length: text.length, bom, breaks, kinds: uniform ? kinds[0] : kinds, pieces };
}

/** A text with the same length, line breaks and fix ranges as the sketched one; everything else is spaces. */
export function rebuildSource(sketch: SourceSketch): string {
  // The text's UTF-16 code units (little-endian) in a buffer of spaces, the known ones written in at their
  // offsets, then one native decode: a string per line and a join made a warm --cache run mostly GC. The buffer
  // is reused by the next call (its written units are put back to spaces), so no file allocates or fills one.
  const bytes = sketch.length * 2;
  const units = bytes <= MAX_SCRATCH_BYTES ? scratchOf(bytes) : spaces(bytes);
  forEachKnownUnit(sketch, (offset, code) => units.writeUInt16LE(code, offset * 2));
  const text = units.toString('utf16le', 0, bytes);
  if (units === scratch) forEachKnownUnit(sketch, (offset) => units.writeUInt16LE(0x20, offset * 2));
  return text;
}

/** Each code unit the sketch knows, by offset; overlapping pieces hold the same units (all come from one text). */
function forEachKnownUnit(sketch: SourceSketch, put: (offset: number, code: number) => void): void {
  const within = (offset: number, code: number) => {
    if (offset >= 0 && offset < sketch.length) put(offset, code);
  };
  if (sketch.bom) within(0, 0xfeff);
  let start = 0;
  sketch.breaks.forEach((distance, i) => {
    start += distance;
    const kind = sketch.kinds.length === 1 ? sketch.kinds : sketch.kinds[i];
    if (kind === 'c') within(start - 2, 0x0d);
    within(start - 1, kind === 'r' ? 0x0d : 0x0a);
  });
  for (const [offset, piece] of sketch.pieces) for (let i = 0; i < piece.length; i++) within(offset + i, piece.charCodeAt(i));
}

/** Texts up to 1 MB (in UTF-16) rebuild in the shared buffer; a larger one gets its own. */
const MAX_SCRATCH_BYTES = 2 * 1024 * 1024;
let scratch: Buffer | undefined;

function scratchOf(bytes: number): Buffer {
  if (!scratch || scratch.length < bytes) scratch = spaces(Math.min(MAX_SCRATCH_BYTES, Math.max(bytes, 2 * (scratch?.length ?? 32 * 1024))));
  return scratch;
}

function spaces(bytes: number): Buffer {
  return Buffer.alloc(bytes, ' ', 'utf16le');
}

/**
 * A piece of text in one language layer (a JSON string, an ARM expression's
 * literals, a shell word handed to `bash -c`...) with, for each of its
 * characters, where it sits in the file and how text placed there must be
 * written to survive every layer around it. Rewrites are computed on the
 * decoded text and written back through these maps, so a position in a
 * command is exact in the file however many escapes lie between.
 */

/** Stands for a value armlint cannot see (an expression argument, an f-string field). */
export const HOLE = '\u0000';

/** How text inserted at a position is written there; undefined when it cannot be. */
export interface Context {
  encode(text: string): string | undefined;
}

export interface Segment {
  text: string;
  /** File offset where each character's raw text starts / ends. */
  start: number[];
  end: number[];
  /** Per character; undefined for HOLE characters. */
  context: Array<Context | undefined>;
}

/** An edit in a segment's own coordinates: characters [from, to) become `text` (segment-level text). */
export interface SegmentEdit {
  from: number;
  to: number;
  text: string;
}

/** An insertion before character `at` of a segment, written in that character's context. */
export function insertBefore(at: number, text: string): SegmentEdit {
  return { from: at, to: at, text };
}

export interface FileEdit {
  offset: number;
  length: number;
  content: string;
}

/** The file edit for a segment edit, or undefined when the range crosses layers or the text cannot be written there. */
export function toFileEdit(segment: Segment, edit: SegmentEdit): FileEdit | undefined {
  const { from, to } = edit;
  const probe = Math.min(from, segment.text.length - 1);
  const context = segment.context[probe];
  if (!context) return undefined;
  for (let i = from; i < to; i++) {
    if (segment.context[i] !== context) return undefined;
    if (i > from && segment.start[i] !== segment.end[i - 1]) return undefined;
  }
  const content = context.encode(edit.text);
  if (content === undefined) return undefined;
  const offset = from < segment.text.length ? segment.start[from] : segment.end[from - 1];
  const length = to > from ? segment.end[to - 1] - offset : 0;
  return { offset, length, content };
}

/** The file range of characters [from, to). */
export function fileRange(segment: Segment, from: number, to: number): { offset: number; length: number } {
  const offset = segment.start[from];
  return { offset, length: segment.end[Math.max(from, to - 1)] - offset };
}

/** A whole file's text, as it is. */
export function plainSegment(text: string, offset = 0): Segment {
  const identity: Context = { encode: (t) => t };
  const n = text.length;
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < n; i++) {
    start.push(offset + i);
    end.push(offset + i + 1);
  }
  return { text, start, end, context: repeated(identity, n) };
}

/** Characters [from, to) of a segment as a segment of their own. */
export function subSegment(segment: Segment, from: number, to: number): Segment {
  return {
    text: segment.text.slice(from, to),
    start: segment.start.slice(from, to),
    end: segment.end.slice(from, to),
    context: segment.context.slice(from, to),
  };
}

const derived = new WeakMap<Context, Map<string, Context>>();
/** The context of text inside a quoting of `kind` (named per language) within `outer`; one object per pair, so ranges compare by identity. */
export function innerContext(outer: Context, kind: string, encode: (text: string) => string | undefined): Context {
  let byKind = derived.get(outer);
  if (!byKind) derived.set(outer, (byKind = new Map()));
  let context = byKind.get(kind);
  if (!context) {
    context = {
      encode: (text) => {
        const inner = encode(text);
        return inner === undefined ? undefined : outer.encode(inner);
      },
    };
    byKind.set(kind, context);
  }
  return context;
}

/** A JSON string's decoded value, from its raw text (quotes included) at `offset`; lenient about raw line breaks. */
export function jsonStringSegment(raw: string, offset: number): Segment {
  const context: Context = { encode: encodeJsonString };
  const n = raw.length - 2;
  // Sliced runs, not per-character string building: templates hold megabyte-long strings.
  const start: number[] = [];
  const end: number[] = [];
  const pieces: string[] = [];
  let count = 0;
  let run = 1;
  for (let i = 1; i <= n; ) {
    if (raw.charCodeAt(i) !== 92 /* \ */) {
      start.push(offset + i);
      end.push(offset + i + 1);
      count++;
      i++;
      continue;
    }
    pieces.push(raw.slice(run, i));
    const e = raw[i + 1];
    const size = e === 'u' ? 6 : 2;
    pieces.push(e === 'u' ? String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)) : (JSON_ESCAPES[e] ?? e));
    start.push(offset + i);
    end.push(offset + i + size);
    count++;
    i += size;
    run = i;
  }
  pieces.push(raw.slice(run, n + 1));
  return { text: pieces.join(''), start, end, context: repeated(context, count) };
}

/** `count` times the same context, as a packed array (`new Array(n)` of a large n is a slow dictionary). */
function repeated(context: Context, count: number): Context[] {
  const out: Context[] = [];
  for (let i = 0; i < count; i++) out.push(context);
  return out;
}

const JSON_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function encodeJsonString(text: string): string {
  return text.replace(/["\\\u0000-\u001f]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

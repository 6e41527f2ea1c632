import { innerContext, type Segment } from './segment';

/** The languages whose commands armlint reads. */
export type Language = 'shell' | 'powershell' | 'cmd' | 'python';

/**
 * A word (argument, string literal, identifier) as the language sees it:
 * its value after quotes and escapes, and for each value character the
 * segment characters [at, atEnd) it came from and the quoting it was in.
 */
export interface Word {
  type: 'word';
  value: string;
  at: number[];
  atEnd: number[];
  /** Quoting of each value character, e.g. 'bare', 'single', 'double', or a Python literal's opening quote. */
  quoting: string[];
  /** Segment range of the whole word, quotes included. */
  start: number;
  end: number;
}

/** A separator (`;`, `&&`, `|`, newline, `,`, `=`...) or a bracket that opens or closes a nested part. */
export interface Mark {
  type: 'op' | 'open' | 'close';
  text: string;
  start: number;
  end: number;
}

export type Token = Word | Mark;

/** Collects one word while a tokenizer scans. */
export class WordBuilder {
  private word: Word | undefined;
  private readonly out: Token[] = [];
  private readonly returns: boolean[] = [];

  /** The tokens, once the scan is done. */
  tokens(): Token[] {
    this.finish();
    return this.out;
  }

  /** Opens a nested part (`$(`, `(`, `@{`...); `inDouble` when it sits inside double quotes, where its close returns. */
  openPart(text: string, start: number, inDouble = false): void {
    this.mark('open', text, start);
    this.returns.push(inDouble);
  }

  /** Closes the innermost nested part; true when the scan goes back into double quotes. */
  closePart(text: string, start: number): boolean {
    this.mark('close', text, start);
    const back = this.returns.pop() === true;
    if (back) this.begin(start + 1);
    return back;
  }

  /** Adds the one character at `i` to the word; returns the index after it. */
  take(c: string, i: number, quoting: string): number {
    this.add(c, i, i + 1, quoting);
    return i + 1;
  }

  get open(): boolean {
    return this.word !== undefined;
  }

  /** Starts a word at `start` if none is open (an empty quoted word still is a word). */
  begin(start: number): void {
    if (!this.word) this.word = { type: 'word', value: '', at: [], atEnd: [], quoting: [], start, end: start };
  }

  add(char: string, at: number, atEnd: number, quoting: string): void {
    this.begin(at);
    const w = this.word!;
    w.value += char;
    w.at.push(at);
    w.atEnd.push(atEnd);
    w.quoting.push(quoting);
    w.end = atEnd;
  }

  /** Moves the end of the open word (closing quotes belong to it). */
  extend(end: number): void {
    if (this.word) this.word.end = end;
  }

  finish(): void {
    if (this.word) this.out.push(this.word);
    this.word = undefined;
  }

  mark(type: Mark['type'], text: string, start: number): void {
    this.finish();
    this.out.push({ type, text, start, end: start + text.length });
  }
}

/** Encodes text for a quoting of a language; undefined when that quoting cannot hold it. */
export type QuotingEncoder = (text: string) => string | undefined;

/**
 * The segment of a word's value (the script `bash -c`, `powershell -Command`
 * or `python -c` runs), positioned in the file through the word's quoting.
 */
export function wordSegment(parent: Segment, word: Word, language: Language, encoderOf: (quoting: string) => QuotingEncoder): Segment {
  const seg: Segment = { text: word.value, start: [], end: [], context: [] };
  for (let k = 0; k < word.value.length; k++) {
    const a = word.at[k];
    const b = word.atEnd[k] - 1;
    seg.start.push(parent.start[a]);
    seg.end.push(parent.end[b]);
    const outer = parent.context[a];
    const uniform = outer !== undefined && outer === parent.context[b];
    seg.context.push(uniform ? innerContext(outer, `${language}:${word.quoting[k]}`, encoderOf(word.quoting[k])) : undefined);
  }
  return seg;
}

/**
 * A file's text with the facts the engine needs about its layout: where lines
 * start (for 1-based line/column positions), which line ending and
 * indentation it uses (so inserted text looks like its neighbours), and
 * whether it starts with a byte order mark.
 */
export interface Position {
  line: number; // 1-based
  column: number; // 1-based, in UTF-16 code units like ESLint
}

export class SourceText {
  readonly hasBom: boolean;
  private lineStartsCache: number[] | undefined;

  constructor(readonly text: string) {
    this.hasBom = text.charCodeAt(0) === 0xfeff;
  }

  /** Offsets at which each line starts; `\r\n`, `\n` and lone `\r` end a line. */
  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    // The BOM is not a column a user can see.
    const bomShift = lo === 0 && this.hasBom && offset > 0 ? 1 : 0;
    return { line: lo + 1, column: offset - starts[lo] - bomShift + 1 };
  }

  lineStartOf(offset: number): number {
    const { line } = this.positionAt(offset);
    return this.lineStarts[line - 1] + (line === 1 && this.hasBom ? 1 : 0);
  }

  /** Offset just after the line break that ends the line holding `offset` (or text end). */
  nextLineStart(offset: number): number {
    const { line } = this.positionAt(offset);
    return line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
  }

  /** The whitespace that starts the line holding `offset`. */
  indentationAt(offset: number): string {
    const start = this.lineStartOf(offset);
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return this.text.slice(start, end);
  }

  /** True when only spaces/tabs stand between the line start and `offset`. */
  startsLine(offset: number): boolean {
    return this.lineStartOf(offset) + this.indentationAt(offset).length === offset;
  }

  /** The file's dominant line ending, so inserted lines match it. */
  get eol(): string {
    const crlf = this.text.indexOf('\r\n');
    const lf = this.text.indexOf('\n');
    if (crlf >= 0 && crlf < lf + 1) return '\r\n';
    if (lf >= 0) return '\n';
    return this.text.includes('\r') ? '\r' : '\n';
  }

  /**
   * The file's indentation unit: a tab, or the smallest positive step
   * between consecutive indented lines (2 or 4 spaces in practice).
   */
  get indentUnit(): string {
    let tabs = 0;
    let spaces = 0;
    const steps = new Map<number, number>();
    let previous = 0;
    for (const start of this.lineStarts.slice(0, 2000)) {
      let i = start;
      if (i === 0 && this.hasBom) i = 1;
      let width = 0;
      while (this.text[i] === ' ') { width++; i++; }
      if (this.text[i] === '\t') { tabs++; continue; }
      if (i >= this.text.length || this.text[i] === '\n' || this.text[i] === '\r') continue;
      if (width > 0) spaces++;
      const step = width - previous;
      if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
      previous = width;
    }
    if (tabs > spaces) return '\t';
    let best = 2;
    let bestCount = -1;
    for (const [step, count] of steps) if (count > bestCount) { best = step; bestCount = count; }
    return ' '.repeat(Math.min(best, 8));
  }
}

/**
 * Walks JSONC text the way ARM's reader splits it: string literals (escapes
 * honoured, raw line breaks allowed inside them), `//` and `/* *\/` comments,
 * and everything else. Stops at an unterminated string, which is left for
 * the parser to report.
 */
export interface LiteralVisitor {
  /** A string literal from its opening quote to its closing quote (inclusive). */
  string?(open: number, close: number): void;
  /** One character outside strings and comments. */
  code?(offset: number, charCode: number): void;
}

export function walkLiterals(text: string, visit: LiteralVisitor): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) { j += 2; continue; }
        if (d === 0x22) break;
        j++;
      }
      if (j >= n) return;
      visit.string?.(i, j);
      i = j + 1;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else {
      visit.code?.(i, c);
      i++;
    }
  }
}

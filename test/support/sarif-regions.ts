/** SARIF regions and replacements as the tests read them back into offsets of the original text. */

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Replacement {
  deletedRegion: Region;
  insertedContent?: { text: string };
}

/**
 * Offset of a SARIF (line, column) in the decoded text: lines end at \r\n,
 * \n or \r; columns count UTF-16 code units from 1; the byte order mark is
 * not a column.
 */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const lf = text.indexOf('\n', offset);
    const cr = text.indexOf('\r', offset);
    if (cr >= 0 && (lf < 0 || cr < lf)) offset = text[cr + 1] === '\n' ? cr + 2 : cr + 1;
    else if (lf >= 0) offset = lf + 1;
    else throw new Error(`line ${line} is past the end`);
  }
  const bom = line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return offset + bom + column - 1;
}

/** A replacement's deleted range as offsets of the original text, and its content. */
export function replacementSpan(text: string, r: Replacement): { start: number; end: number; content: string } {
  return {
    start: offsetOf(text, r.deletedRegion.startLine, r.deletedRegion.startColumn),
    end: offsetOf(text, r.deletedRegion.endLine, r.deletedRegion.endColumn),
    content: r.insertedContent?.text ?? '',
  };
}

/**
 * How deep JSON may nest before armlint refuses to build a tree for it.
 *
 * jsonc-parser's parser and getNodeValue are recursive and overflow the
 * stack somewhere between 2,000 and 4,000 levels; the rules and the model
 * recurse a little too. Real templates are shallow: the deepest of the 4,025
 * quickstart files nests 18 levels. 256 leaves a wide margin on both sides.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Offset of the first `{` or `[` that opens level `limit + 1`, or -1 when
 * the text never nests that deep. Iterative and linear; strings (with
 * escapes) and comments are skipped, so brackets inside them do not count.
 * Unbalanced text is fine: closing brackets never take the depth below 0.
 */
export function firstTooDeep(text: string, limit = MAX_NESTING_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 0x22 /* " */) {
      i = closingQuote(text, i);
      if (i < 0) return -1;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    }
  }
  return -1;
}

/**
 * The offset of the quote that closes the string opened at `open`, or -1 when
 * none does. Found with indexOf (strings are most of a template's text): a
 * quote closes the string unless an odd run of backslashes stands before it.
 */
function closingQuote(text: string, open: number): number {
  for (let from = open + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let before = quote - 1;
    while (text.charCodeAt(before) === 0x5c /* \ */) before--;
    if ((quote - 1 - before) % 2 === 0) return quote;
    from = quote + 1;
  }
}

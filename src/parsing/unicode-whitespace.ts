import { walkLiterals } from './literal-walk';

/**
 * ARM reads templates with a .NET JSON reader that skips, between tokens,
 * every character .NET's `char.IsWhiteSpace` accepts; jsonc-parser skips only
 * space, tab, CR and LF. These are the others (one UTF-16 unit each): vertical
 * tab, form feed, next line, no-break space, Ogham space mark, the en quad to
 * hair space range, line and paragraph separators, narrow no-break space,
 * medium mathematical space and ideographic space.
 */
const OTHER_WHITESPACE = /[\u000B\u000C\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

export function isOtherWhitespace(charCode: number): boolean {
  return OTHER_WHITESPACE.test(String.fromCharCode(charCode));
}

/**
 * The text with that whitespace between tokens replaced by spaces, one for
 * one, so every offset still points at the same character of the file;
 * inside strings and comments nothing changes.
 */
export function blankOtherWhitespace(text: string): string {
  if (!OTHER_WHITESPACE.test(text)) return text;
  const chars: string[] = [];
  let last = 0;
  walkLiterals(text, {
    code(offset, charCode) {
      if (charCode < 0x0b || (charCode > 0x0c && charCode < 0x85) || !isOtherWhitespace(charCode)) return;
      chars.push(text.slice(last, offset), ' ');
      last = offset + 1;
    },
  });
  if (last === 0) return text;
  chars.push(text.slice(last));
  return chars.join('');
}

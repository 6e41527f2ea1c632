import { WordBuilder, type QuotingEncoder, type Token } from './tokens';

/**
 * PowerShell: words, '...' (with ''), "..." (with `x and ""), backtick
 * escapes, separators ; | & newline, nested parts ( ) $( ) @( ) @{ } { },
 * # and <# #> comments.
 */
export function tokenizePowerShell(text: string): Token[] {
  const w = new WordBuilder();
  let inDouble = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (inDouble) {
      if (c === '"' && text[i + 1] === '"') {
        w.add('"', i, i + 2, 'double');
        i += 2;
      } else if (c === '"') {
        inDouble = false;
        w.extend(i + 1);
        i++;
      } else if (c === '`' && i + 1 < text.length) {
        w.add(backtickEscape(text[i + 1]), i, i + 2, 'double');
        i += 2;
      } else if (c === '$' && text[i + 1] === '(') {
        w.openPart('$(', i, true);
        inDouble = false;
        i += 2;
      } else {
        i = w.take(c, i, 'double');
      }
      continue;
    }
    const two = text.slice(i, i + 2);
    if (c === ' ' || c === '\t' || c === '\r') {
      w.finish();
      i++;
    } else if (c === '\n' || c === ';' || c === '|' || (c === '&' && !w.open)) {
      w.mark('op', c, i);
      i++;
    } else if (c === '`' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') w.add(text[i + 1], i, i + 2, 'bare');
      i += 2;
    } else if (c === "'") {
      w.begin(i);
      let k = i + 1;
      for (; k < text.length; k++) {
        if (text[k] === "'" && text[k + 1] === "'") w.add("'", k, ++k + 1, 'single');
        else if (text[k] === "'") break;
        else w.add(text[k], k, k + 1, 'single');
      }
      w.extend(Math.min(k + 1, text.length));
      i = k + 1;
    } else if (c === '"') {
      w.begin(i);
      inDouble = true;
      i++;
    } else if (two === '$(' || two === '@(' || two === '@{' || c === '(' || c === '{') {
      const open = c === '(' || c === '{' ? c : two;
      w.openPart(open, i);
      i += open.length;
    } else if (c === ')' || c === '}') {
      inDouble = w.closePart(c, i);
      i++;
    } else if (two === '<#') {
      const close = text.indexOf('#>', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === '#' && !w.open) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '=' && !w.open) {
      w.mark('op', '=', i);
      i++;
    } else {
      i = w.take(c, i, 'bare');
    }
  }
  return w.tokens();
}

function backtickEscape(c: string): string {
  return ({ n: '\n', r: '\r', t: '\t', '0': '\0', a: '\u0007', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[c] ?? c;
}

export function powerShellEncoder(quoting: string): QuotingEncoder {
  if (quoting === 'single') return (t) => t.replace(/['\u2018\u2019]/g, "''");
  if (quoting === 'double') return (t) => t.replace(/[`"$\u201c\u201d]/g, '`$&');
  return (t) => t.replace(/[\s'"`$&|;(){}@,<>#]/g, '`$&');
}

/** A URL as one quoted PowerShell argument: single quotes unless it expands a $variable (or the `alternative` is asked for), else double. */
export function powerShellQuote(url: string, alternative: boolean): string | undefined {
  if (url.includes('$') || alternative) return /["`]/.test(url) ? undefined : `"${url}"`;
  return `'${url.replace(/'/g, "''")}'`;
}

import { WordBuilder, type QuotingEncoder, type Token } from './tokens';

/**
 * POSIX shell (bash, sh, cloud-init runcmd): words, quotes ('...', "..."
 * with \ before $ ` " \ newline), backslash escapes, separators ; & && | ||
 * and newlines, $( ) and ( ) as nested parts, # comments.
 */
export function tokenizeShell(text: string): Token[] {
  const w = new WordBuilder();
  let inDouble = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (inDouble) {
      if (c === '"') {
        inDouble = false;
        w.extend(i + 1);
        i++;
      } else if (c === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1])) {
        if (text[i + 1] !== '\n') w.add(text[i + 1], i, i + 2, 'double');
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
    if (c === ' ' || c === '\t' || c === '\r') {
      w.finish();
      i++;
    } else if (c === '\n') {
      w.mark('op', '\n', i);
      i++;
    } else if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (i + 1 < text.length) {
        w.add(text[i + 1], i, i + 2, 'bare');
        i += 2;
      } else i++;
    } else if (c === "'") {
      w.begin(i);
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      for (let k = i + 1; k < stop; k++) w.add(text[k], k, k + 1, 'single');
      w.extend(Math.min(stop + 1, text.length));
      i = stop + 1;
    } else if (c === '"') {
      w.begin(i);
      inDouble = true;
      i++;
    } else if (c === '(' || (c === '$' && text[i + 1] === '(')) {
      const open = c === '$' ? '$(' : '(';
      w.openPart(open, i);
      i += open.length;
    } else if (c === ')') {
      inDouble = w.closePart(')', i);
      i++;
    } else if (c === '`') {
      w.mark('op', '`', i);
      i++;
    } else if (';&|<>'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' || two === '>>' ? two : c;
      w.mark('op', op, i);
      i += op.length;
    } else if (c === '#' && !w.open) {
      while (i < text.length && text[i] !== '\n') i++;
    } else {
      i = w.take(c, i, 'bare');
    }
  }
  return w.tokens();
}

/** How text is written inside each shell quoting. */
export function shellEncoder(quoting: string): QuotingEncoder {
  if (quoting === 'single') return (t) => (t.includes("'") ? undefined : t);
  if (quoting === 'double') return (t) => t.replace(/[\\"$`]/g, '\\$&');
  return (t) => t.replace(/[^A-Za-z0-9_\-.,:/=+%@~?\u0000]/g, '\\$&');
}

/** A URL as one quoted shell word: single quotes unless it expands a $variable (or the `alternative` is asked for), else double. */
export function shellQuote(url: string, alternative: boolean): string | undefined {
  if (/[$`]/.test(url) || alternative) return /["\\]/.test(url) ? undefined : `"${url}"`;
  return url.includes("'") ? undefined : `'${url}'`;
}

import { HOLE } from './segment';
import { WordBuilder, type QuotingEncoder, type Token } from './tokens';

/**
 * Python: string literals (prefixes r, b, u, f; single, double and triple
 * quotes; backslash escapes unless raw; f-string fields become HOLEs),
 * names and numbers as words, brackets as nested parts, # comments; every
 * other character is an operator mark.
 */
export function tokenizePython(text: string): Token[] {
  const w = new WordBuilder();
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const literal = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(text.slice(i, i + 5));
    if (literal && (literal[1] === '' || !/[\w]/.test(text[i - 1] ?? ''))) {
      i = readLiteral(text, i, literal[1].toLowerCase(), literal[2], w);
    } else if (/\w/.test(c)) {
      let k = i;
      while (k < text.length && /\w/.test(text[k])) k++;
      w.finish();
      for (let m = i; m < k; m++) w.add(text[m], m, m + 1, 'bare');
      w.finish();
      i = k;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\\') {
      w.finish();
      i++;
    } else if ('([{'.includes(c)) {
      w.mark('open', c, i);
      i++;
    } else if (')]}'.includes(c)) {
      w.mark('close', c, i);
      i++;
    } else {
      w.mark('op', c, i);
      i++;
    }
  }
  return w.tokens();
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\u0007', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Reads one string literal into its own word; returns the index after it. */
function readLiteral(text: string, i: number, prefix: string, quote: string, w: WordBuilder): number {
  w.finish();
  w.begin(i);
  const raw = prefix.includes('r');
  const fString = prefix.includes('f');
  const quoting = `${raw ? 'r' : ''}${fString ? 'f' : ''}${quote}`;
  let k = i + prefix.length + quote.length;
  while (k < text.length && !text.startsWith(quote, k)) {
    const c = text[k];
    if (c === '\\' && !raw) {
      const e = text[k + 1] ?? '';
      if (e === '\n') k += 2;
      else if (e === 'x' || e === 'u') {
        const size = e === 'x' ? 2 : 4;
        w.add(String.fromCharCode(parseInt(text.slice(k + 2, k + 2 + size), 16)), k, k + 2 + size, quoting);
        k += 2 + size;
      } else {
        w.add(SIMPLE_ESCAPES[e] ?? `\\${e}`, k, k + 2, quoting);
        k += 2;
      }
    } else if (c === '\\' && raw) {
      w.add('\\', k, k + 1, quoting);
      if (k + 1 < text.length) w.add(text[k + 1], k + 1, k + 2, quoting);
      k += 2;
    } else if (fString && (c === '{' || c === '}') && text[k + 1] === c) {
      w.add(c, k, k + 2, quoting);
      k += 2;
    } else if (fString && c === '{') {
      let depth = 0;
      let m = k;
      for (; m < text.length; m++) {
        if (text[m] === '{') depth++;
        else if (text[m] === '}' && --depth === 0) break;
      }
      w.add(HOLE, k, m + 1, quoting);
      k = m + 1;
    } else if (c === '\n' && quote.length === 1) {
      break;
    } else {
      w.add(c, k, k + 1, quoting);
      k++;
    }
  }
  const end = Math.min(k + quote.length, text.length);
  w.extend(end);
  w.finish();
  return end;
}

export function pythonEncoder(quoting: string): QuotingEncoder {
  const quote = quoting.replace(/^[rf]+/, '');
  if (/^[rf]/.test(quoting)) return (t) => (t.includes('\\') || t.includes(quote[0]) || /[{}]/.test(t) ? undefined : t);
  return (t) => t.replace(/\\/g, '\\\\').replace(new RegExp(quote[0], 'g'), `\\${quote[0]}`).replace(/\n/g, '\\n');
}

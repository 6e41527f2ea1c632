import { WordBuilder, type QuotingEncoder, type Token } from './tokens';

/**
 * cmd.exe (`commandToExecute` of Windows extensions, .cmd/.bat): words,
 * "..." (no escapes inside), ^ escapes, separators & && | || < > newline,
 * ( ) blocks, REM and :: comment lines.
 */
export function tokenizeCmd(text: string): Token[] {
  const w = new WordBuilder();
  let inDouble = false;
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (inDouble) {
      if (c === '"' || c === '\n') {
        // A line break ends an unclosed quote too.
        inDouble = false;
        if (c === '"') w.extend(i + 1);
        else w.mark('op', '\n', i);
        lineStart = c === '\n';
        i++;
      } else i = w.take(c, i, 'double');
      continue;
    }
    if (lineStart && !w.open) {
      const rest = text.slice(i, i + 5);
      if (/^(?:rem(?:[\s]|$)|::)/i.test(rest) || /^@rem\s/i.test(rest)) {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '@' && !w.open) {
      w.finish();
      i++;
      continue;
    }
    lineStart = false;
    if (c === '\n') {
      w.mark('op', '\n', i);
      lineStart = true;
      i++;
    } else if (c === '^' && i + 1 < text.length) {
      if (text[i + 1] !== '\n' && text[i + 1] !== '\r') w.add(text[i + 1], i, i + 2, 'bare');
      i += 2;
    } else if (c === '"') {
      w.begin(i);
      inDouble = true;
      i++;
    } else if (c === '(' || c === ')') {
      w.mark(c === '(' ? 'open' : 'close', c, i);
      i++;
    } else if ('&|<>'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c;
      w.mark('op', op, i);
      if (op === '&' || op === '&&' || op === '||' || op === '|') lineStart = true;
      i += op.length;
    } else {
      i = w.take(c, i, 'bare');
    }
  }
  return w.tokens();
}

export function cmdEncoder(quoting: string): QuotingEncoder {
  if (quoting === 'double') return (t) => (/["%\n]/.test(t) ? undefined : t);
  return (t) => (t.includes('%') ? undefined : t.replace(/[&|<>^()"]/g, '^$&'));
}

/** A URL as one quoted cmd argument. */
export function cmdQuote(url: string): string | undefined {
  return url.includes('"') ? undefined : `"${url}"`;
}

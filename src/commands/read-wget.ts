import type { Item } from './statement';
import { hasUnseen } from './statement';
import type { Language, Word } from './tokens';
import { BODY_ONLY_QUERY, missingHeader, type HeaderState, type Verdict } from './verdict';

const BODY_OPTIONS = ['--post-data', '--post-file', '--body-data', '--body-file'];

/** Reads wget's long options (`--opt=value` or `--opt value`) and judges the request. */
export function readWget(items: Item[], command: number, language: Language): Verdict {
  // Each option with the segment range of its words, so a fix can remove it.
  const options: Array<{ name: string; value?: string; seen: boolean; start: number; end: number }> = [];
  for (let k = command + 1; k < items.length; k++) {
    const item = items[k];
    if (item.type !== 'word' || !item.value.startsWith('--')) continue;
    const eq = item.value.indexOf('=');
    if (eq > 0) {
      options.push({ name: item.value.slice(0, eq), value: item.value.slice(eq + 1), seen: !hasUnseen(item, language, eq + 1), start: item.start, end: item.end });
    } else if (['--header', '--method', ...BODY_OPTIONS].includes(item.value)) {
      const next = items[++k] as Word | undefined;
      const isWord = next?.type === 'word';
      options.push({ name: item.value, value: isWord ? next.value : undefined, seen: isWord && !hasUnseen(next, language), start: item.start, end: isWord ? next.end : item.end });
    }
  }
  const headers = options.filter((o) => o.name === '--header');
  const metadata: HeaderState = headers.some((h) => h.seen && /^\s*metadata\s*:\s*true\s*$/i.test(h.value ?? ''))
    ? 'yes'
    : headers.some((h) => !h.seen) ? 'unknown' : 'no';
  const header = missingHeader(metadata, `--header="Metadata: true"`);
  if (header) return { metadata, why: header };
  const body = options.find((o) => BODY_OPTIONS.includes(o.name));
  const method = options.find((o) => o.name === '--method');
  const bodies = options.filter((o) => BODY_OPTIONS.includes(o.name));
  if (body && body.name === '--post-data' && bodies.length === 1 && !method && body.seen && body.value && /^[^\s&=]+=[^\s&]*(?:&[^\s&=]+=[^\s&]*)*$/.test(body.value)) {
    // Without --post-data wget sends a GET; the same name=value pairs in the query are what IMDS reads.
    return { metadata, edits: [{ from: body.start - 1, to: body.end, text: '' }], query: body.value };
  }
  if (body) {
    const move = body.name.endsWith('-data') && body.seen && body.value ? `append ${body.value} to the URL's query` : "move its parameters into the URL's query";
    return { metadata, why: `the request sends its parameters in a body (${body.name}), ${BODY_ONLY_QUERY}; remove ${body.name} and ${move}` };
  }
  if (method && !(method.seen && method.value?.toUpperCase() === 'GET')) {
    return { metadata, why: `the request uses method ${method.seen ? method.value : '(a value armlint cannot see)'}, and IMDS takes GET only; remove --method` };
  }
  return { metadata };
}

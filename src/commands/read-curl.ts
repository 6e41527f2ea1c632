import { insertBefore } from './segment';
import type { Item } from './statement';
import { hasUnseen } from './statement';
import type { Language, Word } from './tokens';
import { BODY_ONLY_QUERY, missingHeader, type HeaderState, type Verdict } from './verdict';

/** Short options that take an argument (curl's are case-sensitive: -d is data, -D a header dump file). */
const SHORT_WITH_ARGUMENT = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';
const LONG_WITH_ARGUMENT = new Set([
  '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json', '--form', '--form-string', '--request', '--header',
  '--output', '--dump-header', '--user-agent', '--user', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time',
  '--cacert', '--cert', '--key', '--proxy', '--resolve', '--connect-to', '--url', '--write-out', '--referer', '--cookie', '--cookie-jar',
  '--config', '--interface', '--noproxy', '--oauth2-bearer', '--range', '--upload-file', '--time-cond', '--variable', '--trace', '--trace-ascii',
  '--stderr', '--limit-rate', '--max-filesize', '--proto', '--proto-redir', '--output-dir', '--unix-socket', '--aws-sigv4',
]);
/** Data options -G turns into the query string exactly as they would be sent in the body. */
const QUERY_ABLE = new Set(['-d', '--data', '--data-ascii', '--data-raw', '--data-binary', '--data-urlencode']);
const DATA = new Set([...QUERY_ABLE, '-F', '--form', '--form-string', '--json']);

interface Argument {
  option: string;
  /** The option's word (for insertions before it). */
  word: Word;
  /** The argument's word and where its value starts in it (after `-d` in `-dvalue`); undefined for a nested part. */
  value?: { word: Word; from: number };
}

/** Reads curl's options (after the command word) and judges the request. */
export function readCurl(items: Item[], command: number, language: Language): Verdict {
  const args: Argument[] = [];
  let get = false;
  let config = false;
  for (let k = command + 1; k < items.length; k++) {
    const item = items[k];
    if (item.type !== 'word' || !item.value.startsWith('-') || item.value === '-') continue;
    if (item.value === '--') break;
    const next = (): Argument['value'] => {
      const n = items[k + 1];
      k++;
      return n?.type === 'word' ? { word: n, from: 0 } : undefined;
    };
    if (item.value.startsWith('--')) {
      if (item.value === '--get') get = true;
      if (LONG_WITH_ARGUMENT.has(item.value)) args.push({ option: item.value, word: item, value: next() });
      continue;
    }
    for (let j = 1; j < item.value.length; j++) {
      const flag = item.value[j];
      if (flag === 'G') get = true;
      if (!SHORT_WITH_ARGUMENT.includes(flag)) continue;
      const option = `-${flag}`;
      args.push({ option, word: item, value: j + 1 < item.value.length ? { word: item, from: j + 1 } : next() });
      break;
    }
  }
  for (const a of args) if (a.option === '-K' || a.option === '--config') config = true;
  const headers = args.filter((a) => a.option === '-H' || a.option === '--header');
  const seen = (a: Argument) => a.value !== undefined && !hasUnseen(a.value.word, language, a.value.from);
  const text = (a: Argument) => a.value!.word.value.slice(a.value!.from);
  const metadata: HeaderState = headers.some((h) => seen(h) && /^\s*metadata\s*:\s*true\s*$/i.test(text(h)))
    ? 'yes'
    : config || headers.some((h) => !seen(h)) ? 'unknown' : 'no';
  const header = missingHeader(metadata, `-H "Metadata: true"`);
  if (header) return { metadata, why: header };
  const methodArg = args.find((a) => a.option === '-X' || a.option === '--request');
  const method = methodArg ? (seen(methodArg) ? text(methodArg).toUpperCase() : undefined) : 'GET';
  const data = args.filter((a) => DATA.has(a.option));
  if (method === undefined) return { metadata, why: 'its method (-X) is a value armlint cannot see' };
  if (data.length > 0 && !get) {
    const options = [...new Set(data.map((a) => a.option))].join(', ');
    const body = `the request sends its parameters in a body (${options}), ${BODY_ONLY_QUERY}`;
    if (data.some((a) => !QUERY_ABLE.has(a.option))) return { metadata, why: `${body}; send them with --data-urlencode and add -G` };
    if (methodArg) return { metadata, why: `${body}; remove -X ${method} and add -G, so curl sends the data as the query string` };
    if (!data.every((a) => seen(a) && !/^[^=]*@/.test(text(a)))) {
      return { metadata, why: `${body} that holds values armlint cannot see (or a file); add -G, so curl sends the data as the query string` };
    }
    // -G sends exactly the same name=value pairs, appended to the URL's query with one & or ?.
    return { metadata, edits: [insertBefore(data[0].word.start, '-G ')] };
  }
  if (method !== 'GET') return { metadata, why: `the request uses method ${method}, and IMDS takes GET only; remove -X ${method}` };
  return { metadata };
}

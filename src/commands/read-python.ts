import { matchingClose } from './statement';
import type { Token, Word } from './tokens';
import { BODY_ONLY_QUERY, missingHeader, type HeaderState, type Verdict } from './verdict';

interface Call {
  callee: string;
  /** The callee's last name (`post` in `requests.post`). */
  method?: Word;
  positional: Token[][];
  keywords: Map<string, Token[]>;
  /** Each keyword argument's name word. */
  keywordNames: Map<string, Word>;
}

/** The call whose argument list holds token `index` directly (`requests.get(url, ...)`), if any. */
function enclosingCall(tokens: Token[], index: number): { call: Call; argument: Token[] } | undefined {
  let open = -1;
  for (let depth = 0, k = index - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.type === 'close') depth++;
    else if (t.type === 'open' && depth-- === 0) {
      open = t.text === '(' ? k : -1;
      break;
    }
  }
  if (open < 1) return undefined;
  let callee = '';
  for (let k = open - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.type === 'word' && t.quoting[0] === 'bare') callee = t.value + callee;
    else if (t.type === 'op' && t.text === '.') callee = '.' + callee;
    else break;
  }
  if (!callee) return undefined;
  const close = matchingClose(tokens, open);
  const method = tokens[open - 1].type === 'word' ? (tokens[open - 1] as Word) : undefined;
  const call: Call = { callee, method, positional: [], keywords: new Map(), keywordNames: new Map() };
  let argument: Token[] = [];
  let holding: Token[] | undefined;
  let current: Token[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const [first, second] = current;
    if (first.type === 'word' && second?.type === 'op' && second.text === '=' && current[2]?.type !== 'op') {
      call.keywords.set(first.value, current.slice(2));
      call.keywordNames.set(first.value, first);
    }
    else call.positional.push(current);
    if (current.includes(tokens[index])) holding = current;
    current = [];
  };
  for (let k = open + 1; k < close; k++) {
    const t = tokens[k];
    if (t.type === 'op' && t.text === ',') flush();
    else if (t.type === 'open') {
      const end = matchingClose(tokens, k);
      current.push(...tokens.slice(k, end + 1));
      k = end;
    } else current.push(t);
  }
  flush();
  argument = holding ?? [];
  return { call, argument };
}

/** `{'resource': 'x', ...}`: string literals (no f-string fields) and numbers only. */
function isLiteralDict(tokens: Token[]): boolean {
  const [open, ...rest] = tokens;
  if (open?.type !== 'open' || open.text !== '{' || rest[rest.length - 1]?.type !== 'close') return false;
  return rest.slice(0, -1).every((t) =>
    t.type === 'op' ? t.text === ':' || t.text === ',' || t.text === '\n' : t.type === 'word' && (t.quoting[0] !== 'bare' ? !t.value.includes('\u0000') : /^\d+$/.test(t.value)));
}

const HOW_TO_ADD = `headers={"Metadata": "true"}`;

/** Judges the Python request (requests or urllib) whose URL is the string literal at `index`. */
export function readPythonRequest(tokens: Token[], index: number, text: string): Verdict | undefined {
  const found = enclosingCall(tokens, index);
  if (!found) return undefined;
  const { call, argument } = found;
  const name = call.callee.split('.').pop()!;
  // The URL argument starts with the literal (a `+ query` after it is judged by the caller).
  const isUrlArgument = (tokensOf: Token[] | undefined) => tokensOf === argument && argument[0] === tokens[index];
  const headerState = (headers: Token[] | undefined): HeaderState => {
    if (!headers) return 'no';
    if (headers[0]?.type !== 'open' || headers[0].text !== '{') return 'unknown';
    const start = headers[0].start;
    const end = headers[headers.length - 1].end;
    return /['"]metadata['"]\s*:\s*['"]true['"]/i.test(text.slice(start, end)) ? 'yes' : 'no';
  };
  if (['get', 'post', 'put', 'request', 'head'].includes(name) && /requests|session/i.test(call.callee + text)) {
    const methodFromArgs = name === 'request' ? (call.positional[0]?.[0] as Word | undefined)?.value?.toUpperCase() : name.toUpperCase();
    const urlArg = name === 'request' ? call.positional[1] : call.positional[0] ?? call.keywords.get('url');
    if (!isUrlArgument(urlArg ?? call.keywords.get('url'))) return undefined;
    const metadata = headerState(call.keywords.get('headers'));
    const header = missingHeader(metadata, HOW_TO_ADD);
    if (header) return { metadata, why: header };
    const data = call.keywords.get('data');
    const onlyData = !['json', 'params', 'files'].some((k) => call.keywords.has(k));
    if (name === 'post' && call.method && onlyData && data && isLiteralDict(data)) {
      // requests sends a dict given as params= as the query string, with the URL's own query kept: the same pairs IMDS reads.
      const edits = [
        { from: call.method.start, to: call.method.end, text: 'get' },
        { from: call.keywordNames.get('data')!.start, to: call.keywordNames.get('data')!.end, text: 'params' },
      ];
      return { metadata, edits };
    }
    if (methodFromArgs === 'POST' && (call.keywords.has('data') || call.keywords.has('json'))) {
      const body = call.keywords.has('json') ? 'json' : 'data';
      return { metadata, why: `the request sends its parameters in a body (${call.callee}(..., ${body}=...)), ${BODY_ONLY_QUERY}; use requests.get(url, params={...}, headers=...)` };
    }
    if (methodFromArgs !== 'GET') {
      return { metadata, why: `the request uses method ${methodFromArgs ?? '(a value armlint cannot see)'}, ${BODY_ONLY_QUERY}; use requests.get(url, params={...}, headers=...)` };
    }
    if (call.keywords.has('data') || call.keywords.has('json')) {
      return { metadata, why: `the GET sends data= in its body, ${BODY_ONLY_QUERY}; pass the parameters as params={...}` };
    }
    return { metadata };
  }
  if (name === 'Request' || name === 'urlopen') {
    if (!isUrlArgument(call.positional[0] ?? call.keywords.get('url'))) return undefined;
    const metadata = name === 'urlopen' ? 'no' : headerState(call.keywords.get('headers') ?? call.positional[2]);
    const header = missingHeader(metadata, name === 'urlopen' ? `urllib.request.Request(url, ${HOW_TO_ADD}) and open that` : HOW_TO_ADD);
    if (header) return { metadata, why: header };
    const method = call.keywords.get('method');
    if (call.keywords.has('data') || call.positional[1] || (method && !/^['"]get['"]$/i.test(text.slice(method[0].start, method[method.length - 1].end)))) {
      return { metadata, why: `the request POSTs data, ${BODY_ONLY_QUERY}; drop data= and put the parameters into the URL's query` };
    }
    return { metadata };
  }
  return undefined;
}

import type { Item } from './statement';
import { hasUnseen } from './statement';
import type { Word } from './tokens';
import { BODY_ONLY_QUERY, missingHeader, type HeaderState, type Verdict } from './verdict';
import type { SegmentEdit } from './segment';

/** Parameters of Invoke-RestMethod / Invoke-WebRequest that take no value. */
const SWITCHES = new Set([
  'usebasicparsing', 'usedefaultcredentials', 'disablekeepalive', 'passthru', 'skipcertificatecheck', 'skipheadervalidation',
  'allowunencryptedauthentication', 'resume', 'skiphttperrorcheck', 'allowinsecureredirect', 'nodefaultparameters', 'preservefileauthorizationmetadata',
]);

interface Parameter {
  name: string;
  /** The value: a word (and where the value starts in it, after `-Name:`), a nested part, or nothing. */
  word?: Word;
  from: number;
  group?: { open: string; start: number; end: number };
}

/** `-Me`, `-Method` and `-Method:` all name Method: PowerShell accepts any unambiguous prefix. */
function names(parameter: string, full: string, shortest: number): boolean {
  return parameter.length >= shortest && full.startsWith(parameter);
}

/** Reads Invoke-RestMethod / Invoke-WebRequest parameters and judges the request; `text` is the segment's text. */
export function readPowerShellRequest(items: Item[], command: number, text: string): Verdict {
  const params: Parameter[] = [];
  for (let k = command + 1; k < items.length; k++) {
    const item = items[k];
    if (item.type !== 'word' || !item.value.startsWith('-') || item.quoting[0] !== 'bare') continue;
    const colon = item.value.indexOf(':');
    const name = (colon > 0 ? item.value.slice(1, colon) : item.value.slice(1)).toLowerCase();
    if (SWITCHES.has(name)) continue;
    if (colon > 0 && colon < item.value.length - 1) {
      params.push({ name, word: item, from: colon + 1 });
      continue;
    }
    const next = items[++k];
    if (next?.type === 'word') params.push({ name, word: next, from: 0 });
    else if (next?.type === 'group') params.push({ name, from: 0, group: next });
    else params.push({ name, from: 0 });
  }
  const find = (full: string, shortest: number) => params.find((p) => names(p.name, full, shortest));
  const headers = find('headers', 1);
  const metadata: HeaderState = !headers
    ? 'no'
    : headers.group?.open === '@{'
      ? /\bmetadata\b['"]?\s*=\s*['"]?true/i.test(text.slice(headers.group.start, headers.group.end)) ? 'yes' : 'no'
      : 'unknown';
  const header = missingHeader(metadata, `-Headers @{Metadata="true"}`);
  if (header) return { metadata, why: header };
  const methodParam = find('method', 2);
  const methodWord = methodParam?.word;
  if (methodParam && (!methodWord || hasUnseen(methodWord, 'powershell', methodParam.from))) {
    return { metadata, why: 'its -Method is a value armlint cannot see' };
  }
  const method = methodWord ? methodWord.value.slice(methodParam!.from).toUpperCase() : 'GET';
  const body = find('body', 1);
  const hashtable = body?.group?.open === '@{' && !/[$\u0000]/.test(text.slice(body.group.start, body.group.end));
  if (method === 'GET') {
    // A GET's hashtable -Body is appended to the URI's query string by PowerShell itself.
    if (!body || hashtable) return { metadata };
    return { metadata, why: `the -Body of a GET is sent as its query string only when it is a hashtable (@{resource='...'}); put its parameters into the URL's query` };
  }
  if (method === 'POST' && hashtable && methodWord) {
    // The same hashtable, sent by a GET, becomes the query string IMDS reads.
    const edit: SegmentEdit = { from: methodWord.at[methodParam!.from], to: methodWord.atEnd[methodWord.value.length - 1], text: 'Get' };
    const sameQuoting = methodWord.quoting.slice(methodParam!.from).every((q) => q === methodWord.quoting[methodParam!.from]);
    if (sameQuoting) return { metadata, edits: [edit] };
  }
  if (body) return { metadata, why: `the request sends its parameters in a -Body with method ${method}, ${BODY_ONLY_QUERY}; use -Method Get with -Body @{resource='...'}` };
  return { metadata, why: `the request uses method ${method}, and IMDS takes GET only; use -Method Get` };
}

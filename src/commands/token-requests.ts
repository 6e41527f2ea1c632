import { HOLE, fileRange, subSegment, toFileEdit, type FileEdit, type Segment, type SegmentEdit } from './segment';
import { tokenizeShell, shellEncoder, shellQuote } from './shell';
import { tokenizePowerShell, powerShellEncoder, powerShellQuote } from './powershell';
import { tokenizeCmd, cmdEncoder, cmdQuote } from './cmd';
import { tokenizePython, pythonEncoder } from './python';
import { wordSegment, type Language, type QuotingEncoder, type Token, type Word } from './tokens';
import { commandIndex, programName, statementAround, type Item } from './statement';
import { applyValueEdits, findTokenUrls, imdsEdits, queryNames, type TokenUrl } from './token-url';
import { readCurl } from './read-curl';
import { readWget } from './read-wget';
import { readPowerShellRequest } from './read-powershell';
import { readPythonRequest } from './read-python';
import type { Verdict } from './verdict';

export type { Language } from './tokens';

/** One token request to the extension's endpoint, positioned in the file. */
export interface TokenRequest {
  offset: number;
  length: number;
  port: string;
  /** Why no fix is offered; undefined when `edits` are the fix. */
  why?: string;
  edits?: FileEdit[];
}

interface LanguageSupport {
  tokenize(text: string): Token[];
  encoder(quoting: string): QuotingEncoder;
  /** The URL as one quoted word of the language (for URLs the rewrite gives an `&`). */
  quote?(url: string, alternative: boolean): string | undefined;
}

const LANGUAGES: Record<Language, LanguageSupport> = {
  shell: { tokenize: tokenizeShell, encoder: shellEncoder, quote: shellQuote },
  powershell: { tokenize: tokenizePowerShell, encoder: powerShellEncoder, quote: powerShellQuote },
  cmd: { tokenize: tokenizeCmd, encoder: cmdEncoder, quote: cmdQuote },
  python: { tokenize: tokenizePython, encoder: pythonEncoder },
};

const SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'ksh', 'ash']);
const POWERSHELLS = new Set(['powershell', 'pwsh']);
const PYTHONS = /^python(?:\d(?:\.\d+)?)?$/;
const POWERSHELL_REQUESTS = new Set(['invoke-restmethod', 'invoke-webrequest', 'irm', 'iwr']);
/** Nested commands deeper than this are not read (a command that runs a command that runs...). */
const MAX_NESTING = 4;

const UNKNOWN_REQUEST =
  "armlint cannot tell which request uses this URL (it is not an argument of curl, wget, Invoke-RestMethod/Invoke-WebRequest, Python's requests or urllib); change it to the IMDS URL where the request is made";
const ASSEMBLED_QUERY = 'its query is appended from values armlint cannot see, so a rewrite could not guarantee exactly one ?; add api-version=2018-02-01 where the query is built and change the URL';

/**
 * Longer text is not read as a command: its requests are reported without a
 * fix. Tokenising keeps a file position per character, and no real command
 * or script (ARM caps a template at 4 MB) needs more.
 */
export const MAX_COMMAND_CHARS = 256 * 1024;
export const TOO_LONG = `the command is longer than ${MAX_COMMAND_CHARS / 1024} KB, more than armlint reads as one command; rewrite the request by hand`;

/** The token URLs in text too long to read as a command, at `offset + their index` (reported without a fix). */
export function tokenUrlsInLongText(text: string, offset: number): TokenRequest[] {
  return findTokenUrls(text).map((url) => ({ offset: offset + url.start, length: url.end - url.start, port: url.port, why: TOO_LONG }));
}

/** Every token request in a segment of the given language, nested commands (`bash -c`, `powershell -Command`, `python -c`...) included. */
export function findTokenRequests(segment: Segment, language: Language, nesting = 0): TokenRequest[] {
  if (!/oauth2\/token/i.test(segment.text)) return [];
  const support = LANGUAGES[language];
  const tokens = support.tokenize(segment.text);
  const found: TokenRequest[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== 'word' || !/oauth2\/token/i.test(token.value)) return;
    if (language === 'python') {
      for (const url of findTokenUrls(token.value)) {
        const verdict = readPythonRequest(tokens, index, segment.text);
        const next = tokens[index + 1];
        const appended = url.query === undefined && (url.end < token.value.length || (next?.type === 'op' && /[+%]/.test(next.text)));
        if (!isExtensionRequest(url, verdict)) continue;
        found.push(judge(segment, token, url, language, verdict, appended));
      }
      return;
    }
    const items = statementAround(tokens, index, language);
    const command = commandIndex(items, language);
    const inner = nestedScript(items, command, token, language);
    if (inner && nesting < MAX_NESTING) {
      const child = inner.words.length === 1 ? wordSegment(segment, inner.words[0], language, support.encoder) : subSegment(segment, inner.words[0].start, inner.words[inner.words.length - 1].end);
      found.push(...findTokenRequests(child, inner.language, nesting + 1));
      return;
    }
    for (const url of findTokenUrls(token.value)) {
      const verdict = command >= 0 && items[command] !== token ? readRequest(items, command, language, segment.text) : undefined;
      const after = token.value[url.end];
      const appended = url.query === undefined && (after === HOLE || after === '$' || after === '%');
      if (!isExtensionRequest(url, verdict)) continue;
      found.push(judge(segment, token, url, language, verdict, appended));
    }
  });
  return found;
}

/** The request reader for the statement's command, if armlint reads that command. */
function readRequest(items: Item[], command: number, language: Language, text: string): Verdict | undefined {
  const name = programName(items[command] as Word);
  const looksLikeCmdlet = items.some((i) => i.type === 'word' && /^-(uri|headers|method)\b/i.test(i.value));
  if (language === 'powershell' && (POWERSHELL_REQUESTS.has(name) || ((name === 'curl' || name === 'wget') && looksLikeCmdlet && !(items[command] as Word).value.endsWith('.exe')))) {
    return readPowerShellRequest(items, command, text);
  }
  if (name === 'curl') return readCurl(items, command, language);
  if (name === 'wget') return readWget(items, command, language);
  return undefined;
}

/** The script a launcher runs, when `word` is (part of) it: `bash -c WORD`, `powershell -Command WORD...`, `cmd /c ...`, `python -c WORD`. */
function nestedScript(items: Item[], command: number, word: Word, language: Language): { words: Word[]; language: Language } | undefined {
  if (command < 0) return undefined;
  const name = programName(items[command] as Word);
  const words = items.slice(command + 1).filter((i): i is Word => i.type === 'word');
  let flag: number;
  let inner: Language;
  if (SHELLS.has(name)) {
    flag = words.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.value));
    inner = 'shell';
  } else if (POWERSHELLS.has(name)) {
    flag = words.findIndex((w) => /^-(?:c|com|comm|comma|comman|command)$/i.test(w.value));
    inner = 'powershell';
  } else if (name === 'cmd') {
    flag = words.findIndex((w) => /^\/[ck]$/i.test(w.value));
    inner = 'cmd';
  } else if (PYTHONS.test(name)) {
    flag = words.findIndex((w) => w.value === '-c');
    inner = 'python';
  } else return undefined;
  if (flag < 0) return undefined;
  // sh -c and python -c run one argument; powershell -Command and cmd /c run the rest of the line.
  const script = inner === 'shell' || inner === 'python' ? words.slice(flag + 1, flag + 2) : words.slice(flag + 1);
  return script.includes(word) ? { words: script, language: inner } : undefined;
}

/** The finding for one URL: the rewrite when the request reader found it certainly right, else why not. */
function judge(segment: Segment, word: Word, url: TokenUrl, language: Language, verdict: Verdict | undefined, appended: boolean): TokenRequest {
  const from = word.at[url.start];
  const to = word.atEnd[url.end - 1];
  const range = fileRange(segment, from, to);
  const result = (why?: string, edits?: FileEdit[]): TokenRequest => ({ ...range, port: url.port, why, edits });
  if (!verdict) return result(UNKNOWN_REQUEST);
  if (verdict.why) return result(verdict.why);
  if (appended) return result(ASSEMBLED_QUERY);
  // The second attempt quotes an unquoted URL the other way (double quotes inside an outer '...').
  let why = '';
  for (const alternative of [false, true]) {
    const urlEdits = urlSegmentEdits(word, url, language, alternative, verdict.query);
    if (typeof urlEdits === 'string') return result(urlEdits);
    const edits = [...(verdict.edits ?? []), ...urlEdits].map((e) => toFileEdit(segment, e));
    if (edits.every((e): e is FileEdit => e !== undefined)) return result(undefined, edits);
    why = 'the rewrite cannot be written back through the quoting and escaping around the command';
  }
  return result(why);
}

/** The extension's port, or another (its `settings.port`) when the request speaks its protocol: resource= or the Metadata header. */
function isExtensionRequest(url: TokenUrl, verdict: Verdict | undefined): boolean {
  return url.port === '50342' || queryNames(url.query).includes('resource') || verdict?.metadata === 'yes';
}

/** The URL rewrite in segment coordinates; a string says why there is none. */
function urlSegmentEdits(word: Word, url: TokenUrl, language: Language, alternative: boolean, moved?: string): SegmentEdit[] | string {
  const edits = imdsEdits(word.value, url, moved);
  if (!edits) return 'its api-version is a value armlint cannot see';
  const support = LANGUAGES[language];
  const quotingOf = (from: number, to: number) => {
    const q = word.quoting[from];
    for (let k = from; k < to; k++) if (word.quoting[k] !== q) return undefined;
    return q;
  };
  const bareAmpersand = language !== 'python' && edits.some((e) => e.text.includes('&') && word.quoting[e.from] === 'bare');
  if (bareAmpersand) {
    // Quoted as a whole when it can be; else (its query runs into a value armlint cannot see) the bare encoder escapes the &.
    const plain = !word.value.slice(url.start, url.end).includes(HOLE) && quotingOf(url.start, url.end) === 'bare' &&
      word.at.slice(url.start, url.end).every((a, k) => word.atEnd[url.start + k] === a + 1);
    const quoted = plain ? support.quote?.(applyValueEdits(word.value, url.start, url.end, edits), alternative) : undefined;
    if (quoted !== undefined) return [{ from: word.at[url.start], to: word.atEnd[url.end - 1], text: quoted }];
  }
  const out: SegmentEdit[] = [];
  for (const e of edits) {
    const quoting = quotingOf(e.from, e.to);
    const text = quoting === undefined ? undefined : support.encoder(quoting)(e.text);
    if (text === undefined) return quoting === 'bare' ? 'the URL is not quoted, and the & the rewrite adds cannot be escaped here; quote the URL' : 'the URL is split across quotes, so it cannot be rewritten in place';
    out.push({ from: word.at[e.from], to: word.atEnd[e.to - 1], text });
  }
  return out;
}

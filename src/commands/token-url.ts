import { HOLE } from './segment';

export const IMDS_TOKEN_URL = 'http://169.254.169.254/metadata/identity/oauth2/token';
export const IMDS_API_VERSION = '2018-02-01';

/**
 * The extension's endpoint on any port (its `settings.port` is configurable),
 * with or without a scheme. Linear-time: no nested quantifiers.
 */
const ENDPOINT = /(?:https?:\/\/)?(?:localhost|127\.0\.0\.1):(\d{1,5})\/oauth2\/token(?![\w\-/.])/gi;
/** Characters a query runs over inside one word: not whitespace or a quote. */
const QUERY_CHAR = /[^\s'"`\\]/;

/** A token URL found in a word's value (indices into the value). */
export interface TokenUrl {
  start: number;
  /** Just after `/oauth2/token`. */
  baseEnd: number;
  /** End of the query (or baseEnd when there is none). */
  end: number;
  port: string;
  /** The query without its `?`; undefined when the URL has none. HOLE characters stand for unseen values. */
  query?: string;
}

export function findTokenUrls(value: string): TokenUrl[] {
  const found: TokenUrl[] = [];
  ENDPOINT.lastIndex = 0;
  for (let m = ENDPOINT.exec(value); m; m = ENDPOINT.exec(value)) {
    const baseEnd = m.index + m[0].length;
    let end = baseEnd;
    let query: string | undefined;
    if (value[baseEnd] === '?') {
      end = baseEnd + 1;
      while (end < value.length && QUERY_CHAR.test(value[end])) end++;
      query = value.slice(baseEnd + 1, end);
    }
    found.push({ start: m.index, baseEnd, end, port: m[1], query });
  }
  return found;
}

/** The parameter names of a query (lower case), e.g. ['resource', 'client_id']. */
export function queryNames(query: string | undefined): string[] {
  if (!query) return [];
  return query.split('&').map((p) => p.split('=')[0].toLowerCase());
}

/** An edit of a word's value: characters [from, to) become `text`. */
export interface ValueEdit {
  from: number;
  to: number;
  text: string;
}

/**
 * The IMDS URL's edits: the endpoint becomes IMDS's, with exactly one `?`
 * and `api-version=2018-02-01` (replacing an existing api-version), the
 * other parameters kept as they are. Undefined when an existing api-version
 * value cannot be seen.
 */
export function imdsEdits(value: string, url: TokenUrl, moved?: string): ValueEdit[] | undefined {
  // Parameters moved from a body go first; the URL's own follow, as they were.
  const apiVersion = `api-version=${IMDS_API_VERSION}${moved ? `&${moved}` : ''}`;
  if (url.query === undefined) return [{ from: url.start, to: url.baseEnd, text: `${IMDS_TOKEN_URL}?${apiVersion}` }];
  const queryStart = url.baseEnd + 1;
  const existing = /(?:^|&)api-version=([^&]*)/i.exec(url.query);
  if (!existing) {
    return [{ from: url.start, to: queryStart, text: `${IMDS_TOKEN_URL}?${apiVersion}${url.query.length > 0 ? '&' : ''}` }];
  }
  if (existing[1].includes(HOLE)) return undefined;
  const valueStart = queryStart + existing.index + existing[0].length - existing[1].length;
  return [
    { from: url.start, to: queryStart, text: `${IMDS_TOKEN_URL}?${moved ? `${moved}&` : ''}` },
    { from: valueStart, to: valueStart + existing[1].length, text: IMDS_API_VERSION },
  ];
}

/** The URL's text after the edits. */
export function applyValueEdits(value: string, from: number, to: number, edits: ValueEdit[]): string {
  let out = '';
  let at = from;
  for (const e of edits) {
    out += value.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + value.slice(at, to);
}

import type { SegmentEdit } from './segment';

/** Whether a request sends `Metadata: true`: 'unknown' when its headers come from values armlint cannot see. */
export type HeaderState = 'yes' | 'no' | 'unknown';

/** What a request reader concluded: nothing to say (the URL rewrite is right), or why no fix is offered. */
export interface Verdict {
  metadata: HeaderState;
  /** Why the request cannot be fixed; undefined when the IMDS URL (plus `edits`) is certainly right. */
  why?: string;
  /** Further edits of the request that the fix needs (e.g. curl's -G). */
  edits?: SegmentEdit[];
  /** Parameters the fix moves into the URL's query (a wget --post-data body). */
  query?: string;
}

export const BODY_ONLY_QUERY = 'and IMDS reads parameters only from the query string of a GET';

/** The header verdict's reason, or undefined when the header is there (or cannot be seen). */
export function missingHeader(metadata: HeaderState, howToAdd: string): string | undefined {
  return metadata === 'no' ? `the request sends no Metadata: true header, which IMDS requires; add ${howToAdd}` : undefined;
}

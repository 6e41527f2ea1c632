import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageInfo } from '../config/package-info';
import { compareApiVersions, isPreview } from '../model/api-version';

/**
 * What the official ARM schemas say a resource type's top-level `identity`
 * accepts at one apiVersion, read from data/identity-support.json (built by
 * scripts/build-identity-table.mjs). The table is read on first use only.
 * A type or version missing from the schemas is unknown, never "unsupported".
 */
export type UserAssignedShape = 'dictionary' | 'array' | 'identityIds' | 'none' | 'unknown';

export interface KnownIdentitySupport {
  known: true;
  /** The version as the table spells it. */
  apiVersion: string;
  acceptsIdentity: boolean;
  /** `identity.type` values spelled as the schema spells them; null when the schema allows any string. */
  typeValues: readonly string[] | null;
  /** Whether a system-assigned identity is accepted; undefined when `identity.type` is a free string. */
  systemAssigned: boolean | undefined;
  /** Whether user-assigned identities are accepted; undefined when the schema cannot tell. */
  userAssigned: boolean | undefined;
  /** How user-assigned identities are listed. */
  userAssignedShape: UserAssignedShape;
  /** The schema's spelling of "system and user assigned", when it has one. */
  combinedType: string | undefined;
}

export interface UnknownIdentitySupport {
  known: false;
  reason: 'unknown-type' | 'unknown-version';
}

export type IdentitySupport = KnownIdentitySupport | UnknownIdentitySupport;

/** What `firstVersionAccepting` looks for. */
export type IdentityFeature = 'identity' | 'systemAssigned' | 'userAssigned' | 'dictionary';

interface RawShape {
  identity: boolean;
  typeValues?: string[] | null;
  userAssignedIdentities?: 'dictionary' | 'array' | 'none' | 'unknown';
  identityIds?: boolean;
}

interface RawTable {
  source: string;
  sourceDate: string;
  shapes: RawShape[];
  versionLists: string[];
  types: Record<string, string>;
}

interface TypeEntry {
  /** Versions sorted by date, a preview before the GA version of the same date. */
  versions: Array<{ apiVersion: string; facts: KnownIdentitySupport }>;
  byVersion: Map<string, KnownIdentitySupport>;
}

let table: RawTable | undefined;
const decodedTypes = new Map<string, TypeEntry | null>();

function rawTable(): RawTable {
  table ??= JSON.parse(readFileSync(path.join(packageInfo().root, 'data', 'identity-support.json'), 'utf8')) as RawTable;
  return table;
}

/** Which schema commit the table comes from (for messages and docs). */
export function identityTableSource(): { source: string; sourceDate: string } {
  const { source, sourceDate } = rawTable();
  return { source, sourceDate };
}

export function identitySupport(type: string | undefined, apiVersion: string | undefined): IdentitySupport {
  const entry = typeEntry(type);
  if (!entry) return { known: false, reason: 'unknown-type' };
  const facts = apiVersion === undefined ? undefined : entry.byVersion.get(apiVersion.trim().toLowerCase());
  return facts ?? { known: false, reason: 'unknown-version' };
}

/** The apiVersions of `type` the schemas describe, oldest first; empty for an unknown type. */
export function apiVersionsOf(type: string | undefined): string[] {
  return typeEntry(type)?.versions.map((v) => v.apiVersion) ?? [];
}

/** Whether the schemas describe `type` at all (at any version). */
export function isKnownType(type: string | undefined): boolean {
  return typeEntry(type) !== undefined;
}

/**
 * The first apiVersion of `type` that accepts `feature`, later than `after`
 * when given. A GA version is preferred to a preview; a preview is named only
 * when no GA version accepts it.
 */
export function firstVersionAccepting(type: string | undefined, feature: IdentityFeature, after?: string): string | undefined {
  const entry = typeEntry(type);
  if (!entry) return undefined;
  const candidates = entry.versions.filter(
    (v) => (after === undefined || compareApiVersions(v.apiVersion, after) > 0) && accepts(v.facts, feature),
  );
  return (candidates.find((v) => !isPreview(v.apiVersion)) ?? candidates[0])?.apiVersion;
}

export function accepts(facts: KnownIdentitySupport, feature: IdentityFeature): boolean {
  switch (feature) {
    case 'identity':
      return facts.acceptsIdentity;
    case 'systemAssigned':
      return facts.systemAssigned === true;
    case 'userAssigned':
      return facts.userAssigned === true;
    case 'dictionary':
      return facts.userAssignedShape === 'dictionary';
  }
}

function typeEntry(type: string | undefined): TypeEntry | undefined {
  if (type === undefined) return undefined;
  const key = type.trim().toLowerCase();
  let entry = decodedTypes.get(key);
  if (entry === undefined) {
    entry = decodeType(rawTable(), key);
    decodedTypes.set(key, entry);
  }
  return entry ?? undefined;
}

function decodeType(raw: RawTable, key: string): TypeEntry | null {
  const encoded = Object.prototype.hasOwnProperty.call(raw.types, key) ? raw.types[key] : undefined;
  if (encoded === undefined) return null;
  const [listIndex, codes = ''] = encoded.split(':');
  const versions = raw.versionLists[Number(listIndex)].split(',').map((short, i) => {
    const apiVersion = longVersion(short);
    return { apiVersion, facts: factsOf(apiVersion, raw.shapes[codes ? parseInt(codes[i], 36) : 0]) };
  });
  versions.sort((a, b) => compareApiVersions(a.apiVersion, b.apiVersion));
  return { versions, byVersion: new Map(versions.map((v) => [v.apiVersion, v.facts])) };
}

/** `180601` → `2018-06-01`, `211101p` → `2021-11-01-preview` (the generator's encoding). */
function longVersion(short: string): string {
  return `20${short.slice(0, 2)}-${short.slice(2, 4)}-${short.slice(4, 6)}${short.endsWith('p') ? '-preview' : ''}`;
}

function factsOf(apiVersion: string, shape: RawShape): KnownIdentitySupport {
  if (!shape.identity) {
    return { known: true, apiVersion, acceptsIdentity: false, typeValues: [], systemAssigned: false, userAssigned: false, userAssignedShape: 'none', combinedType: undefined };
  }
  const typeValues = shape.typeValues ?? null;
  const lower = typeValues?.map((v) => v.toLowerCase());
  const userAssignedShape: UserAssignedShape = shape.identityIds ? 'identityIds' : (shape.userAssignedIdentities ?? 'unknown');
  const listsUsers = userAssignedShape !== 'none';
  return {
    known: true,
    apiVersion,
    acceptsIdentity: true,
    typeValues,
    systemAssigned: lower ? lower.some((v) => v.startsWith('system')) : undefined,
    // Some schemas list UserAssigned without a place for the ids (Sql servers before 2021): the enum still accepts it.
    userAssigned: lower ? lower.some((v) => v.includes('user')) || listsUsers : listsUsers || undefined,
    userAssignedShape,
    combinedType: typeValues?.find((v) => /^system.*user/i.test(v)),
  };
}

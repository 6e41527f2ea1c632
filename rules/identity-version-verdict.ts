import type { ResourceNode } from '../src/model/template-model';
import { apiDate, COMPUTE_IDENTITY_DICTIONARY_SINCE, isComputeVmOrScaleSet, isOlderThan } from '../src/model/api-version';
import { firstVersionAccepting, identitySupport, type IdentitySupport, type KnownIdentitySupport } from '../src/schema-facts/identity-support';

/** Whether a resource's apiVersion takes the `userAssignedIdentities` dictionary, and what to do if not. */
export type DictionaryVerdict =
  /** Not a claim armlint can make: the version is missing from the schemas. */
  | { kind: 'unknown' }
  /** A Compute VM or scale set whose apiVersion cannot be resolved. */
  | { kind: 'unresolved' }
  /** Taken as is; `facts` tells how identity.type is spelled. */
  | { kind: 'accepts'; facts: KnownIdentitySupport }
  /** A Compute VM or scale set raised to 2018-06-01 (`facts` describe that version). */
  | { kind: 'raise'; facts: KnownIdentitySupport }
  /** Another type whose apiVersion predates the dictionary. */
  | { kind: 'later'; first: string }
  /** No later apiVersion of the type in the schemas takes it. */
  | { kind: 'never' };

export function dictionaryVerdict(resource: ResourceNode, support: IdentitySupport): DictionaryVerdict {
  if (support.known && support.userAssignedShape === 'dictionary') return { kind: 'accepts', facts: support };
  if (isComputeVmOrScaleSet(resource.type)) {
    const raised = identitySupport(resource.type, COMPUTE_IDENTITY_DICTIONARY_SINCE) as KnownIdentitySupport;
    if (support.known) return { kind: 'raise', facts: raised };
    // A version newer than the schemas is judged by its date.
    if (!apiDate(resource.apiVersion)) return { kind: 'unresolved' };
    return { kind: isOlderThan(resource.apiVersion, COMPUTE_IDENTITY_DICTIONARY_SINCE) ? 'raise' : 'accepts', facts: raised };
  }
  if (!support.known || support.userAssignedShape === 'unknown') return { kind: 'unknown' };
  const first = firstVersionAccepting(resource.type, 'dictionary', support.apiVersion);
  return first ? { kind: 'later', first } : { kind: 'never' };
}

/** What a known apiVersion takes instead of the dictionary, for messages. */
export function versionTakes(support: IdentitySupport): string {
  if (!support.known) return 'predates the dictionary';
  if (!support.acceptsIdentity) return 'takes no identity';
  if (support.userAssignedShape === 'identityIds') return 'takes user-assigned identities as an array';
  if (support.userAssigned) return 'takes user-assigned identities without the dictionary';
  return 'takes no user-assigned identities';
}

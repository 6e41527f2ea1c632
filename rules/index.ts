import type { RuleModule } from '../src/engine/types';
import { noManagedIdentityExtension } from './no-managed-identity-extension';
import { userAssignedIdentityDictionary } from './user-assigned-identity-dictionary';
import { imdsTokenEndpoint } from './imds-token-endpoint';

/** Every rule armlint ships, by id. */
export const allRules: RuleModule[] = [noManagedIdentityExtension, userAssignedIdentityDictionary, imdsTokenEndpoint];

export const rulesById = new Map(allRules.map((r) => [r.meta.id, r]));

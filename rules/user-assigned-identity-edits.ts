import type { Node } from 'jsonc-parser';
import type { Edit } from '../src/engine/types';
import type { ResourceNode } from '../src/model/template-model';
import { isExpression } from '../src/expressions';
import { elements, isArray, keyOf, propertyValue, stringValue } from '../src/model/json-nodes';
import type { KnownIdentitySupport } from '../src/schema-facts/identity-support';
import type { EditBuilder } from '../src/fixer/edit-builder';

/** The edits of user-assigned-identity-dictionary's fix, and what stops them. */

export function listObstacle(property: Node, conflicting: Node | undefined): string | undefined {
  const list = property.children![1];
  if (conflicting) return 'the identity block has both identityIds and userAssignedIdentities; merge them by hand';
  if (!isArray(list) && keyOf(property).toLowerCase() !== 'userassignedidentities') return 'the identities come from an expression';
  const ids = elements(list).map((e) => stringValue(e));
  if (ids.some((id) => id === undefined)) return 'an entry is not a string';
  const seen = new Set<string>();
  for (const id of ids) {
    const k = id!.toLowerCase();
    if (seen.has(k)) return `the id ${JSON.stringify(id)} is listed twice and a dictionary cannot hold it twice`;
    seen.add(k);
  }
  return undefined;
}

/**
 * identity.type must name UserAssigned, spelled as the schema of the resulting
 * apiVersion spells it; `None`, an expression or an unrecognised value leave
 * the intent open, so there is no fix.
 */
export function typeChange(resource: ResourceNode, identity: Node, target: KnownIdentitySupport): { obstacle?: string; edits?: (edits: EditBuilder) => Edit[] } {
  const typeNode = propertyValue(identity, 'type');
  const userOnly = target.typeValues?.find((v) => v.toLowerCase() === 'userassigned') ?? 'UserAssigned';
  if (!typeNode) return { edits: (edits) => edits.insertProperty(identity, 'type', userOnly) };
  const current = stringValue(typeNode);
  if (current === undefined || isExpression(current)) return { obstacle: 'identity.type is computed by an expression; make sure it names UserAssigned' };
  const compact = current.replace(/\s+/g, '').toLowerCase();
  if (compact.includes('userassigned')) return {};
  if (compact === 'none') {
    return { obstacle: `identity.type is ${JSON.stringify(current)}, which assigns no identity, yet identities are listed; choose one by hand` };
  }
  if (compact !== 'systemassigned') {
    return { obstacle: `identity.type ${JSON.stringify(current)} names neither SystemAssigned nor UserAssigned, so armlint cannot tell which identities are meant` };
  }
  const combined = target.combinedType;
  if (!combined) {
    return { obstacle: `apiVersion ${target.apiVersion} of ${resource.type} has no identity type for system- and user-assigned identities together; choose one by hand` };
  }
  return { edits: (edits) => [edits.replace(typeNode, JSON.stringify(combined))] };
}

/** `"identityIds": [a, b]` → `"userAssignedIdentities": {a: {}, b: {}}`, keeping each id's text and the layout. */
export function arrayToDictionary(edits: EditBuilder, property: Node): Edit[] {
  const [key, list] = property.children!;
  const out: Edit[] = [
    edits.replace(key, '"userAssignedIdentities"'),
    edits.replaceRange(list.offset, list.offset + 1, '{'),
    edits.replaceRange(list.offset + list.length - 1, list.offset + list.length, '}'),
  ];
  for (const element of elements(list)) out.push(edits.insert(element.offset + element.length, ': {}'));
  return out;
}

/**
 * An array computed by an expression becomes a dictionary through ARM's
 * lambda functions: toObject(<array>, lambda('id', lambdaVariables('id')), lambda('id', createObject())).
 */
export function computedArrayToDictionary(edits: EditBuilder, property: Node): Edit[] {
  const list = property.children![1];
  const body = String(list.value).slice(1, -1).trim();
  return [edits.editStringValue(list, `[toObject(${body}, lambda('id', lambdaVariables('id')), lambda('id', createObject()))]`)];
}

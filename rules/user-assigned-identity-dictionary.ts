import type { Node } from 'jsonc-parser';
import type { Edit, RuleContext, RuleModule } from '../src/engine/types';
import type { ResourceNode } from '../src/model/template-model';
import { isExpression, parseExpression } from '../src/expressions';
import { elements, findProperty, isArray, isObject, propertyValue, stringValue } from '../src/model/json-nodes';
import { apiDate, COMPUTE_IDENTITY_DICTIONARY_SINCE, isComputeVmOrScaleSet, isOlderThan } from '../src/model/api-version';
import type { EditBuilder } from '../src/fixer/edit-builder';
import { docsUrl } from './docs-url';

const RAISED_API_VERSION = COMPUTE_IDENTITY_DICTIONARY_SINCE;

export const userAssignedIdentityDictionary: RuleModule = {
  meta: {
    id: 'user-assigned-identity-dictionary',
    description: 'Require user-assigned identities as the dictionary `userAssignedIdentities: {"<id>": {}}`, not the preview-era array forms',
    docs: docsUrl('user-assigned-identity-dictionary'),
    severity: 'error',
    fixable: true,
    triggers: ['identityIds', 'userAssignedIdentities'],
  },
  create(context: RuleContext) {
    return {
      resource(resource) {
        // Only the resource's own top-level identity: nested arrays elsewhere are legal.
        if (resource.kind !== 'resource') return;
        const identity = propertyValue(resource.node, 'identity');
        if (!isObject(identity)) return;
        const identityIds = findProperty(identity, 'identityIds');
        const dictionary = findProperty(identity, 'userAssignedIdentities');
        const listed = dictionary?.children?.[1];
        const arrayProperty = identityIds ?? (isArray(listed) || isComputedArray(listed, resource, context) ? dictionary : undefined);
        if (arrayProperty) reportArray(context, resource, identity, arrayProperty, identityIds && dictionary ? dictionary : undefined);
        else if (dictionary && isObject(dictionary.children?.[1])) reportOldComputeApi(context, resource);
      },
    };
  },
};

function reportArray(context: RuleContext, resource: ResourceNode, identity: Node, property: Node, conflicting: Node | undefined): void {
  const key = String(property.children![0].value);
  const list = property.children![1];
  const needsApi = needsApiRaise(resource);
  const message =
    `identity.${key} lists user-assigned identities as an array; ARM expects the dictionary "userAssignedIdentities": {"<resource id>": {}}` +
    (needsApi ? ` with apiVersion ${RAISED_API_VERSION} or later` : '') +
    '.';
  const obstacle = arrayFixObstacle(resource, identity, property, conflicting);
  context.report({
    node: property,
    message: obstacle ? `${message} Not fixed automatically: ${obstacle}.` : message,
    fix: obstacle ? undefined : (edits) => [
      ...(isArray(list) ? arrayToDictionary(edits, property) : computedArrayToDictionary(edits, property)),
      ...identityTypeEdits(edits, identity),
      ...(needsApi ? [edits.replace(propertyValue(resource.node, 'apiVersion')!, JSON.stringify(RAISED_API_VERSION))] : []),
    ],
  });
}

function reportOldComputeApi(context: RuleContext, resource: ResourceNode): void {
  if (!needsApiRaise(resource)) return;
  const apiNode = propertyValue(resource.node, 'apiVersion')!;
  const obstacle = apiVersionObstacle(apiNode);
  const message =
    `apiVersion ${resource.apiVersion} of ${resource.type} takes user-assigned identities as an array; ` +
    `the dictionary userAssignedIdentities needs ${RAISED_API_VERSION} or later.`;
  context.report({
    node: apiNode,
    message: obstacle ? `${message} Not fixed automatically: ${obstacle}.` : message,
    fix: obstacle ? undefined : (edits) => [edits.replace(apiNode, JSON.stringify(RAISED_API_VERSION))],
  });
}

/** An expression that yields an array: a resolvable value, or `parameters('x')` declared `"type": "array"`. */
function isComputedArray(node: Node | undefined, resource: ResourceNode, context: RuleContext): boolean {
  if (node?.type !== 'string' || !isExpression(node.value as string)) return false;
  if (Array.isArray(context.model.evaluate(node, resource.scope))) return true;
  const parsed = parseExpression(node.value as string);
  if (!parsed.ok || parsed.expr.kind !== 'call' || parsed.expr.name.toLowerCase() !== 'parameters') return false;
  const [arg] = parsed.expr.args;
  if (arg?.kind !== 'string') return false;
  const declarations = resource.scope.evalScope.parameters ?? {};
  const key = Object.keys(declarations).find((k) => k.toLowerCase() === arg.value.toLowerCase());
  const declaration = key === undefined ? undefined : (declarations[key] as { type?: unknown });
  return typeof declaration?.type === 'string' && declaration.type.toLowerCase() === 'array';
}

/** Compute VMs / scale sets older than 2018-06-01 reject the dictionary. */
function needsApiRaise(resource: ResourceNode): boolean {
  return isComputeVmOrScaleSet(resource.type) && isOlderThan(resource.apiVersion, RAISED_API_VERSION);
}

function apiVersionObstacle(apiNode: Node | undefined): string | undefined {
  const literal = stringValue(apiNode);
  if (literal === undefined || isExpression(literal)) {
    return `the apiVersion comes from an expression; set it to ${RAISED_API_VERSION} or later where it is defined`;
  }
  return undefined;
}

function arrayFixObstacle(resource: ResourceNode, identity: Node, property: Node, conflicting: Node | undefined): string | undefined {
  const list = property.children![1];
  if (conflicting) return 'the identity block has both identityIds and userAssignedIdentities; merge them by hand';
  if (!isArray(list) && String(property.children![0].value).toLowerCase() !== 'userassignedidentities') {
    return 'the identities come from an expression';
  }
  const ids = elements(list).map((e) => stringValue(e));
  if (ids.some((id) => id === undefined)) return 'an entry is not a string';
  const seen = new Set<string>();
  for (const id of ids) {
    const k = id!.toLowerCase();
    if (seen.has(k)) return `the id ${JSON.stringify(id)} is listed twice and a dictionary cannot hold it twice`;
    seen.add(k);
  }
  const typeNode = propertyValue(identity, 'type');
  if (typeNode && (stringValue(typeNode) === undefined || isExpression(stringValue(typeNode)!))) {
    return 'identity.type is computed by an expression; make sure it names UserAssigned';
  }
  if (isComputeVmOrScaleSet(resource.type) && !apiDate(resource.apiVersion)) {
    return `the apiVersion cannot be resolved, and Compute needs ${RAISED_API_VERSION} or later for the dictionary`;
  }
  if (needsApiRaise(resource)) return apiVersionObstacle(propertyValue(resource.node, 'apiVersion'));
  return undefined;
}

/** `"identityIds": [a, b]` → `"userAssignedIdentities": {a: {}, b: {}}`, keeping each id's text and the layout. */
function arrayToDictionary(edits: EditBuilder, property: Node): Edit[] {
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
function computedArrayToDictionary(edits: EditBuilder, property: Node): Edit[] {
  const list = property.children![1];
  const body = String(list.value).slice(1, -1).trim();
  return [edits.editStringValue(list, `[toObject(${body}, lambda('id', lambdaVariables('id')), lambda('id', createObject()))]`)];
}

/** identity.type must name UserAssigned; SystemAssigned stays when present. */
function identityTypeEdits(edits: EditBuilder, identity: Node): Edit[] {
  const typeNode = propertyValue(identity, 'type');
  if (!typeNode) return edits.insertProperty(identity, 'type', 'UserAssigned');
  const current = stringValue(typeNode)!;
  const parts = current.split(',').map((p) => p.trim().toLowerCase());
  if (parts.includes('userassigned')) return [];
  const next = parts.includes('systemassigned') ? 'SystemAssigned, UserAssigned' : 'UserAssigned';
  return [edits.replace(typeNode, JSON.stringify(next))];
}

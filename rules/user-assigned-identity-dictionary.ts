import type { Node } from 'jsonc-parser';
import type { Edit, RuleContext, RuleModule } from '../src/engine/types';
import type { ResourceNode } from '../src/model/template-model';
import { asKnownString, isExpression, isPlainObject, parseExpression } from '../src/expressions';
import { elements, findProperty, isArray, isObject, keyOf, propertyValue } from '../src/model/json-nodes';
import { COMPUTE_IDENTITY_DICTIONARY_SINCE } from '../src/model/api-version';
import { apiVersionSource, describeApiVersionSource } from '../src/model/api-version-source';
import { declaredIdentityLists } from '../src/model/computed-identity';
import { variableUses } from '../src/model/expression-index';
import { nameKey } from '../src/model/references';
import { firstVersionAccepting, identitySupport, type IdentitySupport } from '../src/schema-facts/identity-support';
import type { EditBuilder } from '../src/fixer/edit-builder';
import { dictionaryVerdict, versionTakes, type DictionaryVerdict } from './identity-version-verdict';
import { declaredListObstacle } from './declared-identity-fix';
import { arrayToDictionary, computedArrayToDictionary, listObstacle, typeChange } from './user-assigned-identity-edits';
import { docsUrl } from './docs-url';

const RAISED_API_VERSION = COMPUTE_IDENTITY_DICTIONARY_SINCE;
const DICTIONARY = 'ARM expects the dictionary "userAssignedIdentities": {"<resource id>": {}}';
const OTHER_PROVIDER = "raising another provider's apiVersion can change other properties; raise it by hand";

/** One finding this rule makes for a resource, before the apiVersion's origin is looked at. */
interface Analysis {
  node: Node;
  message: string;
  /** The fix raises a Compute VM or scale set to RAISED_API_VERSION. */
  raise: boolean;
  /** The message names the resource's apiVersion (so it also says where a variable or parameter sets it). */
  namesApiVersion?: boolean;
  obstacle?: string;
  edits?: (edits: EditBuilder) => Edit[];
}

export const userAssignedIdentityDictionary: RuleModule = {
  meta: {
    id: 'user-assigned-identity-dictionary',
    description:
      'Require user-assigned identities as the dictionary `userAssignedIdentities: {"<id>": {}}`, on an apiVersion that accepts them, per the official ARM schemas',
    docs: docsUrl('user-assigned-identity-dictionary'),
    severity: 'error',
    fixable: true,
    triggers: ['identityIds', 'userAssigned'],
  },
  create(context: RuleContext) {
    const analyses = new Map<ResourceNode, Analysis[]>();
    const analysed = (resource: ResourceNode): Analysis[] => {
      let found = analyses.get(resource);
      if (!found) analyses.set(resource, (found = analyse(resource, context)));
      return found;
    };
    // A list declared in a variable is reported once, however many identities read it.
    const reportedDeclarations = new Set<Node>();
    return {
      resource(resource) {
        // Only the resource's own top-level identity: nested arrays elsewhere are legal.
        if (resource.kind !== 'resource') return;
        for (const analysis of analysed(resource)) {
          if (reportedDeclarations.has(analysis.node)) continue;
          reportedDeclarations.add(analysis.node);
          report(context, resource, analysis, analysed);
        }
      },
    };
  },
};

function report(context: RuleContext, resource: ResourceNode, analysis: Analysis, analysed: (r: ResourceNode) => Analysis[]): void {
  let { message, obstacle } = analysis;
  let raise: ((edits: EditBuilder) => Edit[]) | undefined;
  const source = analysis.raise || analysis.namesApiVersion ? apiVersionSource(resource, context.source) : undefined;
  if (source?.kind === 'variables' || source?.kind === 'parameters') message += ` The apiVersion comes from ${describeApiVersionSource(source)}.`;
  if (analysis.raise && source) {
    if (source.kind === 'literal' || source.kind === 'variables') {
      const node = source.node;
      const sharing = source.kind === 'variables' ? variableSharers(context, resource, source.name, analysed) : { raised: [] };
      obstacle ??= sharing.obstacle;
      // The resources sharing the variable are converted in the same fix: raised alone, their array would be invalid.
      const alongside = sharing.raised.flatMap((r) => analysed(r).filter((a) => a.raise && !a.obstacle));
      raise = (edits) => [edits.replace(node, JSON.stringify(RAISED_API_VERSION)), ...alongside.flatMap((a) => a.edits?.(edits) ?? [])];
    } else if (source.kind === 'parameters') {
      obstacle ??= `a deployment can pass another value for parameter '${source.name}'; set the apiVersion to ${RAISED_API_VERSION} or later on the resource`;
    } else {
      obstacle ??= `the apiVersion comes from an expression; set it to ${RAISED_API_VERSION} or later where it is defined`;
    }
  }
  context.report({
    node: analysis.node,
    message: obstacle ? `${message} Not fixed automatically: ${obstacle}.` : message,
    fix: obstacle ? undefined : (edits) => [...(analysis.edits?.(edits) ?? []), ...(raise?.(edits) ?? [])],
  });
}

/**
 * The other users of an apiVersion variable: resources this rule raises with
 * a fix (changing the variable is safe for them), and why not to change it
 * when anything else uses it.
 */
function variableSharers(
  context: RuleContext,
  resource: ResourceNode,
  name: string,
  analysed: (r: ResourceNode) => Analysis[],
): { raised: ResourceNode[]; obstacle?: string } {
  const raised: ResourceNode[] = [];
  const others: string[] = [];
  for (const use of variableUses(context.model, resource.scope, name)) {
    const user = context.model.resources.find((r) => r.kind === 'resource' && propertyValue(r.node, 'apiVersion') === use.site.node);
    if (user === resource) continue;
    if (user && analysed(user).some((a) => a.raise && !a.obstacle)) raised.push(user);
    else others.push(user ? `${user.type ?? 'a resource'} '${nameKey(user.fullName) ?? '?'}'` : `the expression on line ${context.source.positionAt(use.site.node.offset).line}`);
  }
  if (others.length === 0) return { raised };
  return { raised, obstacle: `variable '${name}' is also used by ${others.join(', ')}; give this resource its own apiVersion ${RAISED_API_VERSION} or later` };
}

function analyse(resource: ResourceNode, context: RuleContext): Analysis[] {
  const identity = propertyValue(resource.node, 'identity');
  const support = identitySupport(resource.type, resource.apiVersion);
  // Unknown types: no claim about what ARM expects.
  if (!identity || (!support.known && support.reason === 'unknown-type')) return [];
  if (identity.type === 'string' && isExpression(identity.value as string)) return analyseComputed(resource, identity, support, context);
  if (!isObject(identity)) return [];
  const identityIds = findProperty(identity, 'identityIds');
  const dictionary = findProperty(identity, 'userAssignedIdentities');
  const listed = dictionary?.children?.[1];
  const arrayProperty = identityIds ?? (isArray(listed) || isComputedArray(listed, resource, context) ? dictionary : undefined);
  if (arrayProperty && isArray(arrayProperty.children?.[1]) && elements(arrayProperty.children![1]).length === 0) {
    // Removing an empty list must not reveal a problem: whatever the rest of the identity has is reported alongside.
    const other = arrayProperty === identityIds ? dictionary : undefined;
    const rest = !other
      ? analyseTypeVersion(resource, identity, support, context)
      : isArray(listed) || isComputedArray(listed, resource, context)
        ? analyseArray(resource, identity, other, undefined, support, context)
        : analyseDictionaryVersion(resource, other, support);
    return [analyseArray(resource, identity, arrayProperty, undefined, support, context), rest].filter((a): a is Analysis => a !== undefined);
  }
  const found = arrayProperty
    ? analyseArray(resource, identity, arrayProperty, identityIds && dictionary ? dictionary : undefined, support, context)
    : dictionary
      ? analyseDictionaryVersion(resource, dictionary, support)
      : analyseTypeVersion(resource, identity, support, context);
  return found ? [found] : [];
}

/** The finding for an array-style list (`key`) reported at `node`, as the verdict on the resource's apiVersion words it. */
function arrayFinding(node: Node, key: string, verdict: DictionaryVerdict, resource: ResourceNode, support: IdentitySupport, obstacle?: string): Analysis {
  const base = `identity.${key} lists user-assigned identities as an array; `;
  const analysis: Analysis = { node, message: `${base}${DICTIONARY}.`, raise: false, obstacle };
  if (verdict.kind === 'raise' || verdict.kind === 'unresolved') {
    analysis.message = `${base}${DICTIONARY} with apiVersion ${RAISED_API_VERSION} or later.`;
    analysis.raise = verdict.kind === 'raise';
    if (verdict.kind === 'unresolved') analysis.obstacle ??= `the apiVersion cannot be resolved, and Compute needs ${RAISED_API_VERSION} or later for the dictionary`;
  } else if (verdict.kind === 'later') {
    analysis.message = `${base}${resource.type} takes the dictionary "userAssignedIdentities": {"<resource id>": {}} from apiVersion ${verdict.first} on, and apiVersion ${resource.apiVersion} ${versionTakes(support)}.`;
    analysis.obstacle ??= OTHER_PROVIDER;
    analysis.namesApiVersion = true;
  } else if (verdict.kind === 'never') {
    analysis.message = `${base}no apiVersion of ${resource.type} in the official schemas takes user-assigned identities.`;
    analysis.obstacle ??= 'armlint knows no shape of this resource type that takes them';
  }
  return analysis;
}

/**
 * An identity computed by an expression: the array lists it can produce,
 * reported where they are declared (converted there when only literal JSON
 * changes, see declaredListObstacle); or, when the expression builds them
 * itself (createObject, json), the identity property, without a fix.
 */
function analyseComputed(resource: ResourceNode, identity: Node, support: IdentitySupport, context: RuleContext): Analysis[] {
  const text = JSON.stringify(identity.value);
  const reader = `${resource.type} '${nameKey(resource.fullName) ?? '?'}'`;
  const declared = declaredIdentityLists(identity, resource.scope)
    .map((list) => {
      const analysis = analyseArray(resource, list.node.parent!, list.node, undefined, support, context, declaredListObstacle(list, context));
      if (analysis) analysis.message += ` ${reader} reads it through ${text}.`;
      return analysis;
    })
    .filter((a): a is Analysis => a !== undefined);
  if (declared.length > 0) return declared;
  const value = context.model.evaluate(identity, resource.scope);
  if (!isPlainObject(value)) return [];
  const key = Object.keys(value).find((k) => k.toLowerCase() === 'identityids' || (k.toLowerCase() === 'userassignedidentities' && Array.isArray(value[k])));
  const verdict = dictionaryVerdict(resource, support);
  if (key === undefined || verdict.kind === 'unknown') return [];
  return [arrayFinding(identity.parent!, key, verdict, resource, support, `the identity is built by the expression ${text}; rewrite it by hand`)];
}

function analyseArray(
  resource: ResourceNode,
  identity: Node,
  property: Node,
  conflicting: Node | undefined,
  support: IdentitySupport,
  context: RuleContext,
  computedBy?: string,
): Analysis | undefined {
  const key = keyOf(property);
  const list = property.children![1];
  const verdict = dictionaryVerdict(resource, support);
  if (verdict.kind === 'unknown') return undefined;
  if (isArray(list) && elements(list).length === 0) {
    const message = `identity.${key} is an empty array: it lists no user-assigned identity.`;
    return { node: property, message, raise: false, obstacle: computedBy, edits: (edits) => edits.removeListItem(property) };
  }
  const analysis = arrayFinding(property, key, verdict, resource, support, computedBy);
  analysis.obstacle ??= listObstacle(property, conflicting);
  const target = 'facts' in verdict ? verdict.facts : undefined;
  const type = target ? typeChange(resource, identity, target) : {};
  analysis.obstacle ??= type.obstacle;
  analysis.edits = (edits) => [...(isArray(list) ? arrayToDictionary(edits, property) : computedArrayToDictionary(edits, property)), ...(type.edits?.(edits) ?? [])];
  return analysis;
}

/** A dictionary (literal or computed) on an apiVersion that does not take it. */
function analyseDictionaryVersion(resource: ResourceNode, dictionary: Node, support: IdentitySupport): Analysis | undefined {
  const verdict: DictionaryVerdict = dictionaryVerdict(resource, support);
  const takes = versionTakes(support);
  if (verdict.kind === 'raise') {
    return {
      node: propertyValue(resource.node, 'apiVersion')!,
      message: `apiVersion ${resource.apiVersion} of ${resource.type} ${takes}; the dictionary userAssignedIdentities needs ${RAISED_API_VERSION} or later.`,
      raise: true,
    };
  }
  if (verdict.kind === 'later') {
    return {
      node: dictionary,
      message: `identity.userAssignedIdentities needs apiVersion ${verdict.first} or later of ${resource.type}; apiVersion ${resource.apiVersion} ${takes}.`,
      raise: false,
      namesApiVersion: true,
      obstacle: OTHER_PROVIDER,
    };
  }
  return undefined;
}

/** identity.type asks for user-assigned identities on an apiVersion that accepts none. */
function analyseTypeVersion(resource: ResourceNode, identity: Node, support: IdentitySupport, context: RuleContext): Analysis | undefined {
  if (!support.known || support.userAssigned !== false) return undefined;
  const typeNode = propertyValue(identity, 'type');
  const value = asKnownString(context.model.evaluate(typeNode, resource.scope));
  if (!typeNode || value === undefined || !/user/i.test(value)) return undefined;
  // No version of the type takes them: the schemas may be incomplete (see data/README), so no claim.
  const first = firstVersionAccepting(resource.type, 'userAssigned', support.apiVersion);
  if (!first) return undefined;
  const message = `identity.type ${JSON.stringify(value)} asks for user-assigned identities, which apiVersion ${resource.apiVersion} of ${resource.type} does not accept; the first apiVersion that accepts them is ${first}`;
  const verdict = dictionaryVerdict(resource, support);
  if (verdict.kind === 'raise') return { node: typeNode, message: `${message}, and ${RAISED_API_VERSION} the first that takes the dictionary.`, raise: true };
  return { node: typeNode, message: `${message}.`, raise: false, namesApiVersion: true, obstacle: OTHER_PROVIDER };
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

import type { Node } from 'jsonc-parser';
import {
  asKnownString,
  evaluateExpressionStringOnce,
  isFullyKnown,
  Symbolic,
  type EvalScope,
  type Value,
} from '../expressions';
import {
  elements,
  isObject,
  keyOf,
  plainValue,
  properties,
  propertyValue,
  stringValue,
  valueAtPath,
} from './json-nodes';

/**
 * One template: the file's own, or the inline `properties.template` of a
 * `Microsoft.Resources/deployments` resource.
 */
export interface TemplateScope {
  node: Node;
  parent?: TemplateScope;
  /** The deployments resource whose inline template this is. */
  deployment?: ResourceNode;
  /** Scope for expressions written in this template: the parent's for `outer`, its own for `inner`. */
  evalScope: EvalScope;
  /** `languageVersion: "2.0"`: resources is an object keyed by symbolic name. */
  symbolic: boolean;
  resources: ResourceNode[];
}

export type ResourceKind = 'resource' | 'extensionProfileEntry';

/** A resource declaration, wherever it stands in the file. */
export interface ResourceNode {
  kind: ResourceKind;
  /** The resource object. */
  node: Node;
  scope: TemplateScope;
  /** Enclosing resource for child resources and scale-set extension profile entries. */
  parent?: ResourceNode;
  /** What to delete to remove the declaration: the array element, or the symbolic-name property. */
  declaration: Node;
  symbolicName?: string;
  /** Name of the resource's own `copy` loop. */
  copyName?: string;
  /** Full resource type (parent type + child type for child resources), when known. */
  type: string | undefined;
  /** Full resource name (`parent/child`) as a value; Symbolic where parts are not static. */
  fullName: Value | undefined;
  /** The name as declared (short for child resources and profile entries); undefined when absent. */
  name: Value | undefined;
  apiVersion: string | undefined;
}

export interface TemplateModel {
  root: Node;
  scopes: TemplateScope[];
  resources: ResourceNode[];
  /** The scope whose expressions apply to a node (by offset): the innermost template containing it. */
  scopeAt(offset: number): TemplateScope;
  /** Evaluates a node in a scope: expression strings are evaluated, anything else is its plain value; no node → undefined. */
  evaluate(node: Node | undefined, scope: TemplateScope): Value | undefined;
}

const DEPLOYMENTS = 'microsoft.resources/deployments';
const SCALE_SET = 'microsoft.compute/virtualmachinescalesets';

export function buildTemplateModel(root: Node): TemplateModel {
  const scopes: TemplateScope[] = [];
  const resources: ResourceNode[] = [];

  const evaluate = (node: Node | undefined, scope: TemplateScope): Value | undefined => {
    if (!node) return undefined;
    if (node.type === 'string') return evaluateExpressionStringOnce(node.value as string, scope.evalScope);
    return plainValue(node) as Value;
  };

  const addScope = (node: Node, parent?: TemplateScope, deployment?: ResourceNode): TemplateScope => {
    const inner = deployment
      ? stringValue(valueAtPath(deployment.node, ['properties', 'expressionEvaluationOptions', 'scope']))?.toLowerCase() === 'inner'
      : true;
    const declaredParameters = plainObject(propertyValue(node, 'parameters'));
    const evalScope: EvalScope = inner || !parent
      ? {
          parameters: deployment && parent ? withPassedValues(declaredParameters, deployment, parent, evaluate) : declaredParameters,
          variables: plainObject(propertyValue(node, 'variables')),
        }
      : parent.evalScope;
    const languageVersion = stringValue(propertyValue(node, 'languageVersion'));
    const scope: TemplateScope = {
      node,
      parent,
      deployment,
      evalScope,
      symbolic: languageVersion !== undefined && !languageVersion.startsWith('1'),
      resources: [],
    };
    scopes.push(scope);
    const declared = propertyValue(node, 'resources');
    if (declared?.type === 'array') {
      for (const element of elements(declared)) addResource(element, element, scope, undefined);
    } else if (declared?.type === 'object') {
      for (const prop of properties(declared)) {
        const value = prop.children?.[1];
        if (value) addResource(value, prop, scope, undefined, keyOf(prop));
      }
    }
    return scope;
  };

  const addResource = (
    node: Node,
    declaration: Node,
    scope: TemplateScope,
    parent: ResourceNode | undefined,
    symbolicName?: string,
  ): void => {
    if (!isObject(node)) return;
    const declaredType = asKnownString(evaluate(propertyValue(node, 'type'), scope));
    const type = declaredType && parent?.type && !declaredType.includes('/') ? `${parent.type}/${declaredType}` : declaredType;
    const name = evaluate(propertyValue(node, 'name'), scope);
    const resource: ResourceNode = {
      kind: 'resource',
      node,
      scope,
      parent,
      declaration,
      symbolicName,
      copyName: asKnownString(evaluate(valueAtPath(node, ['copy', 'name']), scope)),
      type,
      name,
      fullName: parent && declaredType && !declaredType.includes('/') ? joinNames(parent.fullName, name) : name,
      apiVersion: asKnownString(evaluate(propertyValue(node, 'apiVersion'), scope)),
    };
    resources.push(resource);
    if (!parent) scope.resources.push(resource);

    for (const child of elements(propertyValue(node, 'resources'))) addResource(child, child, scope, resource);

    const lowerType = type?.toLowerCase();
    if (lowerType === SCALE_SET) {
      const entries = valueAtPath(node, ['properties', 'virtualMachineProfile', 'extensionProfile', 'extensions']);
      for (const entry of elements(entries)) addProfileEntry(entry, scope, resource);
    }
    if (lowerType === DEPLOYMENTS) {
      const template = valueAtPath(node, ['properties', 'template']);
      if (isObject(template)) addScope(template, scope, resource);
    }
  };

  const addProfileEntry = (entry: Node, scope: TemplateScope, scaleSet: ResourceNode): void => {
    if (!isObject(entry)) return;
    const name = evaluate(propertyValue(entry, 'name'), scope);
    resources.push({
      kind: 'extensionProfileEntry',
      node: entry,
      scope,
      parent: scaleSet,
      declaration: entry,
      type: scaleSet.type ? `${scaleSet.type}/extensions` : undefined,
      name,
      fullName: joinNames(scaleSet.fullName, name),
      apiVersion: scaleSet.apiVersion,
    });
  };

  addScope(root);

  // Innermost scope by offset: scopes are nested, so the last one containing the offset wins.
  const scopeAt = (offset: number): TemplateScope => {
    let best = scopes[0];
    for (const scope of scopes) {
      if (scope.node.offset <= offset && offset < scope.node.offset + scope.node.length) best = scope;
    }
    return best;
  };

  return { root, scopes, resources, scopeAt, evaluate };
}

/**
 * An inner-scope template sees the values its deployment passes, not its
 * parameters' defaults: a passed value armlint knows becomes the default; one
 * it does not know removes the default, so the parameter stays a symbol.
 */
function withPassedValues(
  declared: Record<string, unknown> | undefined,
  deployment: ResourceNode,
  parent: TemplateScope,
  evaluate: (node: Node | undefined, scope: TemplateScope) => Value | undefined,
): Record<string, unknown> | undefined {
  const passed = valueAtPath(deployment.node, ['properties', 'parameters']);
  if (!declared || !isObject(passed)) return declared;
  const out: Record<string, unknown> = { ...declared };
  for (const prop of properties(passed)) {
    const name = Object.keys(out).find((k) => k.toLowerCase() === keyOf(prop).toLowerCase());
    const decl = name === undefined ? undefined : out[name];
    if (name === undefined || typeof decl !== 'object' || decl === null) continue;
    const value = evaluate(propertyValue(prop.children?.[1], 'value'), parent);
    const { defaultValue: _ignored, ...rest } = decl as Record<string, unknown>;
    out[name] = value !== undefined && isFullyKnown(value) ? { ...rest, defaultValue: typeof value === 'string' && value.startsWith('[') ? `[${value}` : value } : rest;
  }
  return out;
}

function plainObject(node: Node | undefined): Record<string, unknown> | undefined {
  return isObject(node) ? (plainValue(node) as Record<string, unknown>) : undefined;
}

/** `parent/child` as a value, keeping Symbolic parts symbolic. */
export function joinNames(parent: Value | undefined, child: Value | undefined): Value | undefined {
  const parts: Array<string | { symbol: string }> = [];
  const push = (v: Value | undefined): boolean => {
    if (typeof v === 'string') parts.push(v);
    else if (v instanceof Symbolic) parts.push(...v.parts);
    else return false;
    return true;
  };
  if (!push(parent)) return parent;
  parts.push('/');
  if (!push(child)) return child;
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  return new Symbolic(parts);
}


import type { Node } from 'jsonc-parser';
import { evaluateExpr, symbolKey, walkExpr, type Value } from '../expressions';
import { expressionSites, type ExpressionSite } from './expression-index';
import type { ResourceNode, TemplateModel, TemplateScope } from './template-model';
import { elements, propertyValue } from './json-nodes';

/** What a `dependsOn` entry or a `resourceId()`/`reference()` argument points at. */
export type ResourceRef =
  | { kind: 'id'; type: string; name: string } // lower-cased full type and `parent/child` name key
  | { kind: 'name'; name: string }; // a bare name, loop name or symbolic name (lower-cased key)

/** Lower-cased comparison key for a (possibly symbolic) string value. */
export function nameKey(value: Value | undefined): string | undefined {
  const key = symbolKey(value);
  return key === undefined ? undefined : key.toLowerCase();
}

const NAMESPACED_TYPE = /^[a-z0-9]+(\.[a-z0-9]+)+\//i;

/**
 * Reads a reference: a resource id (`/subscriptions/.../providers/NS/type/name/child/name`,
 * or `NS/type/name/...` as `concat` builds it) becomes type + name; anything
 * else is a bare name.
 */
export function parseReference(value: Value | undefined): ResourceRef | undefined {
  const key = nameKey(value);
  if (key === undefined) return undefined;
  const marker = key.lastIndexOf('/providers/');
  const tail = marker >= 0 ? key.slice(marker + '/providers/'.length) : NAMESPACED_TYPE.test(key) ? key : undefined;
  if (tail === undefined) return { kind: 'name', name: key };
  const segments = tail.split('/').filter((s) => s.length > 0);
  if (segments.length < 3 || segments.length % 2 === 0) return { kind: 'name', name: key };
  const typeParts = [segments[0], segments[1]];
  const nameParts = [segments[2]];
  for (let i = 3; i + 1 < segments.length; i += 2) {
    typeParts.push(segments[i]);
    nameParts.push(segments[i + 1]);
  }
  return { kind: 'id', type: typeParts.join('/'), name: nameParts.join('/') };
}

/** Does `ref` name `target`? Bare short names count only when no other resource shares them. */
export function refersTo(ref: ResourceRef, target: ResourceNode, model: TemplateModel): boolean {
  const fullName = nameKey(target.fullName);
  if (ref.kind === 'id') return target.type?.toLowerCase() === ref.type && fullName === ref.name;
  if (fullName !== undefined && ref.name === fullName) return true;
  if (target.copyName && ref.name === target.copyName.toLowerCase()) return true;
  if (target.symbolicName && ref.name === target.symbolicName.toLowerCase()) return true;
  const shortName = lastSegment(fullName);
  if (shortName === undefined || ref.name !== shortName) return false;
  return model.resources.filter((r) => lastSegment(nameKey(r.fullName)) === shortName).length === 1;
}

function lastSegment(key: string | undefined): string | undefined {
  return key === undefined ? undefined : key.slice(key.lastIndexOf('/') + 1);
}

/** A resource whose `dependsOn` names `target`, with the entries that do. */
export interface Dependent {
  resource: ResourceNode;
  entries: Node[];
}

/** Resources across the file whose `dependsOn` points at `target` (the target's own entries excluded). */
export function dependentsOf(target: ResourceNode, model: TemplateModel): Dependent[] {
  const dependents: Dependent[] = [];
  for (const resource of model.resources) {
    if (contains(target.node, resource.node)) continue;
    const entries = elements(propertyValue(resource.node, 'dependsOn')).filter((entry) => {
      const ref = parseReference(model.evaluate(entry, resource.scope));
      return ref !== undefined && refersTo(ref, target, model);
    });
    if (entries.length > 0) dependents.push({ resource, entries });
  }
  return dependents;
}

/** The resource of the model a `dependsOn` entry (evaluated in `scope`) points at, if any. */
export function dependencyTarget(entry: Node, scope: TemplateScope, model: TemplateModel): ResourceNode | undefined {
  const ref = parseReference(model.evaluate(entry, scope));
  return ref ? model.resources.find((r) => r.kind === 'resource' && refersTo(ref, r, model)) : undefined;
}

export function contains(outer: Node, inner: Node): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}

const REFERENCING_FUNCTIONS = /^(reference|list\w*)$/i;
const ID_FUNCTIONS = /^(resourceid|extensionresourceid|subscriptionresourceid|tenantresourceid)$/i;

/**
 * Expression strings outside `dependsOn` (and outside the target itself)
 * that point at `target` through `reference(...)`, `list*(...)` or
 * `resourceId(...)`: removing the target would leave them dangling.
 */
export function expressionReferencesTo(target: ResourceNode, model: TemplateModel): ExpressionSite[] {
  return expressionSites(model).filter((site) => !contains(target.node, site.node) && !inDependsOn(site.node) && pointsAt(site, target, model));
}

function inDependsOn(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'property' && String(n.children?.[0]?.value).toLowerCase() === 'dependson') return true;
  }
  return false;
}

function pointsAt(site: ExpressionSite, target: ResourceNode, model: TemplateModel): boolean {
  const scope = site.scope.evalScope;
  let hit = false;
  walkExpr(site.expr, (node) => {
    if (hit || node.kind !== 'call') return;
    let value: Value | undefined;
    if (ID_FUNCTIONS.test(node.name)) value = evaluateExpr(node, scope);
    else if (REFERENCING_FUNCTIONS.test(node.name) && node.args[0]) value = evaluateExpr(node.args[0], scope);
    const ref = value === undefined ? undefined : parseReference(value);
    if (ref && refersTo(ref, target, model)) hit = true;
  });
  return hit;
}

/**
 * When `site` is an output's `value` that does nothing but read `target`
 * (`reference(<target>, '<apiVersion>').provisioningState`, `resourceId(<target>)`),
 * the output's property node, which can go with the target; else undefined.
 */
export function outputReadingOnly(site: ExpressionSite, target: ResourceNode, model: TemplateModel): Node | undefined {
  const valueProperty = site.node.parent;
  const output = valueProperty?.parent?.parent;
  const outputs = output?.parent?.parent;
  if (valueProperty?.type !== 'property' || String(valueProperty.children?.[0]?.value).toLowerCase() !== 'value') return undefined;
  if (output?.type !== 'property' || outputs?.type !== 'property' || String(outputs.children?.[0]?.value).toLowerCase() !== 'outputs') return undefined;
  if (!model.scopes.some((s) => s.node === outputs.parent)) return undefined;
  let root = site.expr;
  while (root.kind === 'property' || root.kind === 'index') {
    if (root.kind === 'index' && root.index.kind !== 'string' && root.index.kind !== 'number') return undefined;
    root = root.object;
  }
  if (root.kind !== 'call') return undefined;
  const scope = site.scope.evalScope;
  const idArg = ID_FUNCTIONS.test(root.name) ? root : REFERENCING_FUNCTIONS.test(root.name) ? root.args[0] : undefined;
  if (!idArg) return undefined;
  const literalRest = idArg === root || root.args.slice(1).every((a) => a.kind === 'string' || a.kind === 'number' || a.kind === 'boolean');
  const ref = parseReference(evaluateExpr(idArg, scope));
  return literalRest && ref && refersTo(ref, target, model) ? output : undefined;
}

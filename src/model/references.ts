import type { Node } from 'jsonc-parser';
import { stringMemo, symbolKey, type Value } from '../expressions';
import type { TemplateModel } from './template-model';
import type { ReferenceSite } from './reference-graph';

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
  return key === undefined ? undefined : parseReferenceKey(key);
}

// Templates name the same resources over and over: one reading per distinct key (results are shared, never mutate them).
const readOnce = stringMemo(readReference);

/** parseReference of a value whose nameKey is `key`. */
export function parseReferenceKey(key: string): ResourceRef {
  return readOnce(key);
}

function readReference(key: string): ResourceRef {
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

const ID_FUNCTIONS = /^(resourceid|extensionresourceid|subscriptionresourceid|tenantresourceid)$/i;

export function contains(outer: Node, inner: Node): boolean {
  return inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
}

/**
 * When `site` is an output's `value` that does nothing but read what the
 * site's call points at (`reference(<target>, '<apiVersion>').provisioningState`,
 * `resourceId(<target>)`), the output's property node, which can go with the
 * target; else undefined.
 */
export function outputReadingOnly(site: ReferenceSite, model: TemplateModel): Node | undefined {
  const valueProperty = site.node.parent;
  const output = valueProperty?.parent?.parent;
  const outputs = output?.parent?.parent;
  if (valueProperty?.type !== 'property' || String(valueProperty.children?.[0]?.value).toLowerCase() !== 'value') return undefined;
  if (output?.type !== 'property' || outputs?.type !== 'property' || String(outputs.children?.[0]?.value).toLowerCase() !== 'outputs') return undefined;
  if (!model.scopes.some((s) => s.node === outputs.parent)) return undefined;
  let root = site.expr;
  while (root && (root.kind === 'property' || root.kind === 'index')) {
    if (root.kind === 'index' && root.index.kind !== 'string' && root.index.kind !== 'number') return undefined;
    root = root.object;
  }
  if (!root || root !== site.call) return undefined;
  const literalRest = ID_FUNCTIONS.test(root.name) || root.args.slice(1).every((a) => a.kind === 'string' || a.kind === 'number' || a.kind === 'boolean');
  return literalRest ? output : undefined;
}

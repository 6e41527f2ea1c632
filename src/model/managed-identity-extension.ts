import type { Node } from 'jsonc-parser';
import { asKnownString, getProperty, isPlainObject, type Value } from '../expressions';
import type { TemplateModel, TemplateScope } from './template-model';
import { isObject, propertyValue } from './json-nodes';

const PUBLISHER = 'microsoft.managedidentity';
const TYPE_PREFIX = 'managedidentityextensionfor';

/**
 * The extension type when `object` declares the deprecated managed identity
 * VM extension (publisher `Microsoft.ManagedIdentity` or type
 * `ManagedIdentityExtensionFor*`, literal or computed), else undefined.
 */
export function managedIdentityExtensionType(object: Node, scope: TemplateScope, model: TemplateModel): string | undefined {
  const props = propertyValue(object, 'properties');
  let publisher: string | undefined;
  let type: string | undefined;
  if (isObject(props)) {
    publisher = asKnownString(model.evaluate(propertyValue(props, 'publisher'), scope));
    type = asKnownString(model.evaluate(propertyValue(props, 'type'), scope));
  } else if (props?.type === 'string') {
    // `"properties": "[variables('msiSettings')]"`: the whole block comes from an expression.
    const value = model.evaluate(props, scope);
    if (isPlainObject(value)) {
      publisher = asKnownString(getProperty(value, 'publisher'));
      type = asKnownString(getProperty(value, 'type'));
    }
  }
  const isExtension = publisher?.toLowerCase() === PUBLISHER || (type?.toLowerCase().startsWith(TYPE_PREFIX) ?? false);
  if (!isExtension) return undefined;
  return type ?? 'ManagedIdentityExtension';
}

/** The same test on an evaluated value (a profile entry that came out of `createArray(variables(...))`). */
export function isManagedIdentityExtensionValue(value: Value | undefined): boolean {
  const props = isPlainObject(value) ? getProperty(value, 'properties') : undefined;
  if (!isPlainObject(props)) return false;
  const publisher = asKnownString(getProperty(props, 'publisher'))?.toLowerCase();
  const type = asKnownString(getProperty(props, 'type'))?.toLowerCase();
  return publisher === PUBLISHER || (type?.startsWith(TYPE_PREFIX) ?? false);
}

/**
 * How many managed identity extensions a scale set's profile pulls in through
 * expressions (`"extensions": "[createArray(variables('msi'), ...)]"`, a whole
 * profile from a variable); literal entries are declarations of their own.
 */
export function computedProfileExtensions(scaleSet: Node, scope: TemplateScope, model: TemplateModel): number {
  let node: Node | undefined = scaleSet;
  const path = ['properties', 'virtualMachineProfile', 'extensionProfile', 'extensions'];
  for (let i = 0; i < path.length; i++) {
    node = propertyValue(node, path[i]);
    if (node?.type !== 'string') continue;
    let value: Value | undefined = model.evaluate(node, scope);
    for (const key of path.slice(i + 1)) value = isPlainObject(value) ? getProperty(value, key) : undefined;
    return Array.isArray(value) ? value.filter(isManagedIdentityExtensionValue).length : 0;
  }
  return 0;
}

/** Does the resource's `identity` give it a system- or user-assigned identity (`"identity": {}` does not)? */
export function hasUsableIdentity(resource: Node, scope: TemplateScope, model: TemplateModel): boolean {
  const identity = propertyValue(resource, 'identity');
  if (!isObject(identity)) return false;
  const type = model.evaluate(propertyValue(identity, 'type'), scope);
  const known = asKnownString(type);
  // A computed type (`[parameters('identityType')]`) is the author's choice; only a known value can be judged.
  if (known === undefined) return type !== undefined;
  return /systemassigned|userassigned/i.test(known);
}

import type { Node } from 'jsonc-parser';
import { asKnownString, getProperty, isPlainObject } from '../expressions';
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

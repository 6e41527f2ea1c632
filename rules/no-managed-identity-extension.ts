import type { Node } from 'jsonc-parser';
import type { RuleContext, RuleModule } from '../src/engine/types';
import type { ResourceNode, TemplateModel, TemplateScope } from '../src/model/template-model';
import { asKnownString } from '../src/expressions';
import { elements, findProperty, isObject, keyOf, properties, propertyValue, valueAtPath } from '../src/model/json-nodes';
import { contains, dependsOnEntriesTo, expressionReferencesTo, nameKey } from '../src/model/references';
import { apiDate, COMPUTE_IDENTITY_SINCE, isOlderThan } from '../src/model/api-version';
import { docsUrl } from './docs-url';

const PUBLISHER = 'microsoft.managedidentity';
const TYPE_PREFIX = 'managedidentityextensionfor';

export const noManagedIdentityExtension: RuleModule = {
  meta: {
    id: 'no-managed-identity-extension',
    description: 'Disallow the deprecated managed identity VM extension (Microsoft.ManagedIdentity / ManagedIdentityExtensionFor*)',
    docs: docsUrl('no-managed-identity-extension'),
    severity: 'error',
    fixable: true,
    triggers: ['ManagedIdentity'],
  },
  create(context: RuleContext) {
    const { model } = context;
    return {
      resource(resource) {
        const extType = extensionTypeOf(resource.node, resource.scope, model);
        if (extType === undefined) return;
        if (resource.kind === 'resource' && resource.type !== undefined && !resource.type.toLowerCase().endsWith('/extensions')) return;
        const obstacle = fixObstacle(resource, model, context);
        context.report({
          node: resource.node,
          message: describe(extType) + (obstacle ? ` Not fixed automatically: ${obstacle}.` : ''),
          fix: obstacle ? undefined : (edits) => {
            const parent = parentOf(resource, model)!;
            const removals = [resource.declaration, ...dependsOnEntriesTo(resource, model), ...provisionAfterEntriesTo(resource)];
            const out = edits.removeListItems(removals.filter((n, i) => i === 0 || !contains(resource.node, n)));
            if (!findProperty(parent.node, 'identity')) {
              out.push(...edits.insertProperty(parent.node, 'identity', { type: 'SystemAssigned' }, 'properties'));
            }
            return out;
          },
        });
      },
      template(scope) {
        // Placement 6: the extension as an object in `variables`, used through expressions.
        for (const variable of properties(propertyValue(scope.node, 'variables'))) {
          const value = variable.children?.[1];
          for (const object of objectsWithin(value)) {
            const extType = extensionTypeOf(object, scope, model);
            if (extType === undefined) continue;
            context.report({
              node: object,
              message:
                `${describe(extType)} Not fixed automatically: it is declared in variable '${keyOf(variable)}' and used through expressions; ` +
                'remove it from the variable and from the expressions that use it.',
            });
          }
        }
      },
    };
  },
};

function describe(extType: string): string {
  return `Deprecated managed identity VM extension '${extType}': it no longer deploys; the resource's identity block and IMDS replace it.`;
}

/**
 * The extension type when `object` declares the deprecated extension
 * (publisher `Microsoft.ManagedIdentity` or type `ManagedIdentityExtensionFor*`,
 * literal or computed), else undefined.
 */
function extensionTypeOf(object: Node, scope: TemplateScope, model: TemplateModel): string | undefined {
  const props = propertyValue(object, 'properties');
  if (!isObject(props)) return undefined;
  const publisher = asKnownString(model.evaluate(propertyValue(props, 'publisher'), scope));
  const type = asKnownString(model.evaluate(propertyValue(props, 'type'), scope));
  const isExtension = publisher?.toLowerCase() === PUBLISHER || (type?.toLowerCase().startsWith(TYPE_PREFIX) ?? false);
  if (!isExtension) return undefined;
  return type ?? 'ManagedIdentityExtension';
}

/** Objects at any depth inside a variable's value (iteratively: variables can be deep). */
function objectsWithin(value: Node | undefined): Node[] {
  const out: Node[] = [];
  const stack = value ? [value] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'object') out.push(node);
    for (const child of node.children ?? []) stack.push(child.type === 'property' ? child.children![1] : child);
  }
  return out.filter(Boolean);
}

/** The VM or scale set the extension belongs to, if this template declares it. */
function parentOf(resource: ResourceNode, model: TemplateModel): ResourceNode | undefined {
  if (resource.parent) return resource.parent;
  const type = resource.type?.toLowerCase();
  const fullName = nameKey(resource.fullName);
  if (!type || fullName === undefined || !fullName.includes('/')) return undefined;
  const parentType = type.slice(0, type.lastIndexOf('/'));
  const parentName = fullName.slice(0, fullName.lastIndexOf('/'));
  return model.resources.find((r) => r.kind === 'resource' && r.type?.toLowerCase() === parentType && nameKey(r.fullName) === parentName);
}

/** Why removing this declaration would not be safe, or undefined when it is. */
function fixObstacle(resource: ResourceNode, model: TemplateModel, context: RuleContext): string | undefined {
  if (resource.kind === 'resource' && resource.type === undefined) return 'its type is computed by an expression armlint cannot resolve';
  const parent = parentOf(resource, model);
  if (!parent) {
    if (nameKey(resource.fullName) === undefined) return 'its name is computed by an expression armlint cannot resolve, so its VM cannot be found';
    return 'the VM or scale set it belongs to is not declared in this template, so armlint cannot make sure that resource keeps an identity';
  }
  const identity = propertyValue(parent.node, 'identity');
  if (identity) {
    const identityType = asKnownString(model.evaluate(propertyValue(identity, 'type'), parent.scope));
    if (identityType !== undefined && !/systemassigned|userassigned/i.test(identityType)) {
      return `its VM or scale set has identity type '${identityType}'; give it a system- or user-assigned identity first`;
    }
  } else {
    if (!apiDate(parent.apiVersion)) {
      return "its VM or scale set has no identity block and its apiVersion cannot be resolved, so armlint cannot tell whether adding one is valid";
    }
    if (isOlderThan(parent.apiVersion, COMPUTE_IDENTITY_SINCE)) {
      return `its VM or scale set uses apiVersion ${parent.apiVersion}, which predates managed identity; raise it to 2016-04-30-preview or later and add an identity block`;
    }
  }
  const references = expressionReferencesTo(resource, model);
  if (references.length > 0) {
    const where = context.source.positionAt(references[0].offset);
    return `an expression at line ${where.line}, column ${where.column} refers to it; remove that reference first`;
  }
  return undefined;
}

/** `provisionAfterExtensions` entries of sibling profile entries that name this extension. */
function provisionAfterEntriesTo(resource: ResourceNode): Node[] {
  if (resource.kind !== 'extensionProfileEntry' || !resource.node.parent) return [];
  const name = nameKey(resource.name);
  if (name === undefined) return [];
  const found: Node[] = [];
  for (const sibling of elements(resource.node.parent)) {
    if (sibling === resource.node) continue;
    for (const entry of elements(valueAtPath(sibling, ['properties', 'provisionAfterExtensions']))) {
      if (typeof entry.value === 'string' && entry.value.toLowerCase() === name) found.push(entry);
    }
  }
  return found;
}

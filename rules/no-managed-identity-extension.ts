import type { Node } from 'jsonc-parser';
import type { Edit, RuleContext, RuleModule } from '../src/engine/types';
import type { EditBuilder } from '../src/fixer/edit-builder';
import type { ResourceNode, TemplateModel, TemplateScope } from '../src/model/template-model';
import { asKnownString, getProperty, isPlainObject, removeCallArgument } from '../src/expressions';
import { elements, findProperty, isObject, keyOf, properties, propertyValue, valueAtPath } from '../src/model/json-nodes';
import { contains, dependencyTarget, dependentsOf, expressionReferencesTo, nameKey, outputReadingOnly } from '../src/model/references';
import { variableUses } from '../src/model/expression-index';
import { apiDate, isComputeVmOrScaleSet, isOlderThan } from '../src/model/api-version';
import { firstVersionAccepting, identitySupport } from '../src/schema-facts/identity-support';
import { docsUrl } from './docs-url';

const PUBLISHER = 'microsoft.managedidentity';
const TYPE_PREFIX = 'managedidentityextensionfor';
/** Functions whose argument list can lose the extension without changing anything else. */
const ARRAY_BUILDERS = new Set(['createarray', 'concat', 'union']);

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
        const plan = planResourceRemoval(resource, model, context);
        report(context, resource.node, extType, plan);
      },
      template(scope) {
        // Placement 6: the extension as an object in `variables`, used through expressions.
        for (const variable of properties(propertyValue(scope.node, 'variables'))) {
          const value = variable.children?.[1];
          for (const object of objectsWithin(value)) {
            const extType = extensionTypeOf(object, scope, model);
            if (extType === undefined) continue;
            report(context, object, extType, planVariableRemoval(object, variable, scope, model, context));
          }
        }
      },
    };
  },
};

/** Either the edits that remove the extension safely, or why there are none. */
type RemovalPlan = { obstacle: string } | { build: (edits: EditBuilder) => Edit[] };

function report(context: RuleContext, node: Node, extType: string, plan: RemovalPlan): void {
  const message = `Deprecated managed identity VM extension '${extType}': it no longer deploys; the resource's identity block and IMDS replace it.`;
  if ('obstacle' in plan) context.report({ node, message: `${message} Not fixed automatically: ${plan.obstacle}.` });
  else context.report({ node, message, fix: plan.build });
}

/**
 * The extension type when `object` declares the deprecated extension
 * (publisher `Microsoft.ManagedIdentity` or type `ManagedIdentityExtensionFor*`,
 * literal or computed), else undefined.
 */
function extensionTypeOf(object: Node, scope: TemplateScope, model: TemplateModel): string | undefined {
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

/** Objects at any depth inside a variable's value (iteratively: variables can be deep). */
function objectsWithin(value: Node | undefined): Node[] {
  const out: Node[] = [];
  const stack = value ? [value] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'object') out.push(node);
    for (const child of node.children ?? []) {
      const next = child.type === 'property' ? child.children?.[1] : child;
      if (next) stack.push(next);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Placements 1-5 and 7: a resource or extension-profile entry.

function planResourceRemoval(resource: ResourceNode, model: TemplateModel, context: RuleContext): RemovalPlan {
  if (resource.kind === 'resource' && resource.type === undefined) return { obstacle: 'its type is computed by an expression armlint cannot resolve' };
  const parent = parentOf(resource, model);
  if (!parent) {
    if (nameKey(resource.fullName) === undefined) {
      return { obstacle: 'its name is computed by an expression armlint cannot resolve, so its VM cannot be found' };
    }
    return { obstacle: 'the VM or scale set it belongs to is not declared in this template, so armlint cannot make sure that resource keeps an identity' };
  }
  const identityObstacle = identityObstacleOf(parent, model);
  if (identityObstacle) return { obstacle: identityObstacle };

  // Outputs that only read the extension go with it; any other reference blocks the fix.
  const droppedOutputs: Node[] = [];
  for (const reference of expressionReferencesTo(resource, model)) {
    const output = outputReadingOnly(reference, resource, model);
    if (output) {
      droppedOutputs.push(output);
      continue;
    }
    const where = context.source.positionAt(reference.node.offset);
    return { obstacle: `an expression at line ${where.line}, column ${where.column} refers to it; remove that reference first` };
  }
  const dependencies = planDependencies(resource, model, context);
  if ('obstacle' in dependencies) return dependencies;
  return {
    build: (edits) => {
      const removals = [resource.declaration, ...dependencies.removed, ...provisionAfterEntriesTo(resource), ...droppedOutputs];
      return [
        ...edits.removeListItems(removals.filter((n, i) => i === 0 || !contains(resource.node, n))),
        ...dependencies.replaced.map(({ entry, inherited }) => edits.replace(entry, joinEntries(context, entry, inherited))),
        ...identityEdits(edits, [parent]),
      ];
    },
  };
}

interface DependencyPlan {
  /** dependsOn entries naming the extension that simply go. */
  removed: Node[];
  /** An entry naming the extension that gives way to the extension's own dependencies. */
  replaced: Array<{ entry: Node; inherited: Node[] }>;
}

/**
 * What depended on the extension must keep waiting for what the extension
 * waited for (its VM, above all): ARM does not order a top-level child after
 * its parent by itself. So each dependent's entries naming the extension are
 * replaced by the extension's own `dependsOn` entries it does not have yet.
 */
function planDependencies(resource: ResourceNode, model: TemplateModel, context: RuleContext): DependencyPlan | { obstacle: string } {
  const own = elements(propertyValue(resource.node, 'dependsOn'));
  const plan: DependencyPlan = { removed: [], replaced: [] };
  for (const { resource: dependent, entries } of dependentsOf(resource, model)) {
    const kept = elements(propertyValue(dependent.node, 'dependsOn')).filter((e) => !entries.includes(e));
    const covered = new Set<ResourceNode | string>(kept.map((e) => dependencyKey(e, dependent.scope, model)));
    covered.add(dependent);
    const inherited = own.filter((d) => {
      const key = dependencyKey(d, resource.scope, model);
      if (covered.has(key)) return false;
      covered.add(key);
      return true;
    });
    const perInstance = entries.some((e) => COPY_INDEX.test(String(e.value)));
    if (inherited.length > 0 && (dependent.scope.evalScope !== resource.scope.evalScope || inherited.some((d) => COPY_INDEX.test(String(d.value)) && !perInstance))) {
      const where = context.source.positionAt(entries[0].offset);
      return { obstacle: `the resource depending on it at line ${where.line} would need its dependencies (${inherited.map((d) => JSON.stringify(d.value)).join(', ')}) rewritten for another scope or copy loop` };
    }
    if (inherited.length === 0) plan.removed.push(...entries);
    else {
      plan.replaced.push({ entry: entries[0], inherited });
      plan.removed.push(...entries.slice(1));
    }
  }
  return plan;
}

const COPY_INDEX = /copyindex\s*\(/i;

/** Two entries with the same key wait for the same thing. */
function dependencyKey(entry: Node, scope: TemplateScope, model: TemplateModel): ResourceNode | string {
  return dependencyTarget(entry, scope, model) ?? String(entry.value).toLowerCase();
}

/** The inherited entries' text, laid out as the entry they replace. */
function joinEntries(context: RuleContext, entry: Node, inherited: Node[]): string {
  const { source } = context;
  const separator = source.startsLine(entry.offset) ? `,${source.eol}${source.indentationAt(entry.offset)}` : ', ';
  return inherited.map((d) => source.text.slice(d.offset, d.offset + d.length)).join(separator);
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

/** Why the VM / scale set would be left without an identity, or undefined when it keeps (or can get) one. */
function identityObstacleOf(parent: ResourceNode, model: TemplateModel): string | undefined {
  const identity = propertyValue(parent.node, 'identity');
  if (identity && !isObject(identity)) {
    return `its VM or scale set's identity is ${identity.type === 'string' ? 'a string' : identity.type === 'array' ? 'an array' : identity.type}, not an object; write "identity": {"type": "SystemAssigned"} first`;
  }
  const support = identitySupport(parent.type, parent.apiVersion);
  const firstSystemAssigned = firstVersionAccepting(parent.type, 'systemAssigned');
  if (identity) {
    // The schema of this apiVersion has no identity property: ARM ignores or rejects the block.
    if (support.known && !support.acceptsIdentity) {
      return `its VM or scale set uses apiVersion ${parent.apiVersion}, which accepts no identity, so its identity block does not count; raise it to ${firstVersionAccepting(parent.type, 'identity', parent.apiVersion) ?? firstSystemAssigned} or later`;
    }
    const identityType = asKnownString(model.evaluate(propertyValue(identity, 'type'), parent.scope));
    if (identityType !== undefined && !/systemassigned|userassigned/i.test(identityType)) {
      return `its VM or scale set has identity type '${identityType}'; give it a system- or user-assigned identity first`;
    }
    return undefined;
  }
  if (!apiDate(parent.apiVersion)) {
    return 'its VM or scale set has no identity block and its apiVersion cannot be resolved, so armlint cannot tell whether adding one is valid';
  }
  // A version the schemas do not list (newer than the table) is judged by its date against the first one that accepts SystemAssigned.
  const predates = support.known ? support.systemAssigned !== true : firstSystemAssigned !== undefined && isOlderThan(parent.apiVersion, apiDate(firstSystemAssigned)!);
  if (predates) {
    return `its VM or scale set uses apiVersion ${parent.apiVersion}, which predates managed identity; raise it to ${firstVersionAccepting(parent.type, 'systemAssigned', parent.apiVersion) ?? firstSystemAssigned} or later and add an identity block`;
  }
  return undefined;
}

/** `"identity": {"type": "SystemAssigned"}` for each VM / scale set that has no identity block. */
function identityEdits(edits: EditBuilder, parents: ResourceNode[]): Edit[] {
  return [...new Set(parents)]
    .filter((p) => !findProperty(p.node, 'identity'))
    .flatMap((p) => edits.insertProperty(p.node, 'identity', { type: 'SystemAssigned' }, 'properties'));
}

/** `provisionAfterExtensions` entries of sibling profile entries that name this extension. */
function provisionAfterEntriesTo(resource: ResourceNode): Node[] {
  if (resource.kind !== 'extensionProfileEntry' || !resource.node.parent) return [];
  const name = nameKey(resource.name);
  return name === undefined ? [] : provisionAfterEntriesNamed(name, elements(resource.node.parent), resource.node);
}

function provisionAfterEntriesNamed(name: string, entries: Node[], except: Node): Node[] {
  const found: Node[] = [];
  for (const sibling of entries) {
    if (sibling === except) continue;
    for (const entry of elements(valueAtPath(sibling, ['properties', 'provisionAfterExtensions']))) {
      if (typeof entry.value === 'string' && entry.value.toLowerCase() === name) found.push(entry);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// Placement 6: declared in `variables`, pulled in through expressions.

function planVariableRemoval(object: Node, variable: Node, scope: TemplateScope, model: TemplateModel, context: RuleContext): RemovalPlan {
  const variableName = keyOf(variable);
  const where = (node: Node) => {
    const p = context.source.positionAt(node.offset);
    return `line ${p.line}, column ${p.column}`;
  };
  const value = variable.children?.[1];
  const extensionName = nameKey(model.evaluate(propertyValue(object, 'name'), scope));

  if (object !== value) {
    // An element of an array literal inside a variable: remove the element.
    if (object.parent?.type !== 'array') {
      return { obstacle: `it is nested inside variable '${variableName}' in a way armlint cannot rewrite; remove it by hand` };
    }
    const consumers = consumersOf(variableName, scope, model, new Set());
    if ('obstacle' in consumers) return consumers;
    const obstacle = consumers.resources.map((r) => identityObstacleOf(r, model)).find(Boolean);
    if (obstacle) return { obstacle };
    const siblings = extensionName === undefined ? [] : provisionAfterEntriesNamed(extensionName, elements(object.parent), object);
    return { build: (edits) => [...edits.removeListItems([object, ...siblings]), ...identityEdits(edits, consumers.resources)] };
  }

  // The whole variable is the extension: drop it from every array builder that uses it, then drop the variable.
  const uses = variableUses(model, scope, variableName);
  const rewrites = new Map<Node, { source: string; call: Parameters<typeof removeCallArgument>[1]; argIndex: number }>();
  for (const use of uses) {
    const removable =
      use.parentCall !== undefined &&
      ARRAY_BUILDERS.has(use.parentCall.name.toLowerCase()) &&
      use.parentCall.args.length > 1 &&
      !rewrites.has(use.site.node);
    if (!removable) {
      return {
        obstacle: `it is declared in variable '${variableName}' and used by the expression at ${where(use.site.node)} in a way armlint cannot rewrite; remove it from the variable and from the expressions that use it`,
      };
    }
    rewrites.set(use.site.node, { source: use.site.node.value as string, call: use.parentCall!, argIndex: use.argIndex! });
  }
  const consumers = consumersOfUses(uses, scope, model, new Set([variableName.toLowerCase()]));
  if ('obstacle' in consumers) return consumers;
  const obstacle = consumers.resources.map((r) => identityObstacleOf(r, model)).find(Boolean);
  if (obstacle) return { obstacle };
  return {
    build: (edits) => [
      ...edits.removeListItems([variable]),
      ...[...rewrites].map(([node, r]) => edits.editStringValue(node, removeCallArgument(r.source, r.call, r.argIndex))),
      ...identityEdits(edits, consumers.resources),
    ],
  };
}

type Consumers = { resources: ResourceNode[] } | { obstacle: string };

/** The VMs / scale sets that receive variable `name`'s value, directly or through other variables. */
function consumersOf(name: string, scope: TemplateScope, model: TemplateModel, seen: Set<string>): Consumers {
  seen.add(name.toLowerCase());
  return consumersOfUses(variableUses(model, scope, name), scope, model, seen);
}

function consumersOfUses(uses: ReturnType<typeof variableUses>, scope: TemplateScope, model: TemplateModel, seen: Set<string>): Consumers {
  const resources: ResourceNode[] = [];
  const variables = propertyValue(scope.node, 'variables');
  for (const use of uses) {
    const node = use.site.node;
    if (variables && contains(variables, node)) {
      const owner = properties(variables).find((p) => contains(p, node));
      if (!owner || seen.has(keyOf(owner).toLowerCase())) continue;
      const nested = consumersOf(keyOf(owner), scope, model, seen);
      if ('obstacle' in nested) return nested;
      resources.push(...nested.resources);
      continue;
    }
    const holder = innermostResource(node, model);
    if (!holder || !isComputeVmOrScaleSet(holder.type)) {
      return { obstacle: 'it reaches something other than a VM or scale set through expressions; remove it by hand' };
    }
    resources.push(holder);
  }
  return { resources };
}

function innermostResource(node: Node, model: TemplateModel): ResourceNode | undefined {
  let best: ResourceNode | undefined;
  for (const r of model.resources) {
    if (r.kind === 'resource' && contains(r.node, node) && (!best || contains(best.node, r.node))) best = r;
  }
  return best;
}

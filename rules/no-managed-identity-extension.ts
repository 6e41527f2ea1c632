import type { Node } from 'jsonc-parser';
import type { Edit, RuleContext, RuleModule } from '../src/engine/types';
import type { EditBuilder } from '../src/fixer/edit-builder';
import type { ResourceNode, TemplateModel, TemplateScope } from '../src/model/template-model';
import { asKnownString, evaluateExpressionString, quote, removeCallArgument } from '../src/expressions';
import { elements, findProperty, isObject, keyOf, properties, propertyValue, valueAtPath } from '../src/model/json-nodes';
import { contains, nameKey, outputReadingOnly } from '../src/model/references';
import { parameterUses, variableUses } from '../src/model/expression-index';
import { referenceGraph, type Declaration, type ReferenceGraph, type ReferenceSite } from '../src/model/reference-graph';
import { managedIdentityExtensionType } from '../src/model/managed-identity-extension';
import { apiDate, isComputeVmOrScaleSet, isOlderThan } from '../src/model/api-version';
import { firstVersionAccepting, identitySupport } from '../src/schema-facts/identity-support';
import { withFixPlan } from '../src/engine/fix-message';
import { docsUrl } from './docs-url';

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
        const extType = managedIdentityExtensionType(resource.node, resource.scope, model);
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
            const extType = managedIdentityExtensionType(object, scope, model);
            if (extType === undefined) continue;
            report(context, object, extType, planVariableRemoval(object, variable, scope, model, context));
          }
        }
      },
    };
  },
};

/** Either the edits that remove the extension safely (and what they do, for the message), or why there are none. */
type RemovalPlan = { obstacle: string } | { effects: string[]; build: (edits: EditBuilder) => Edit[] };

function report(context: RuleContext, node: Node, extType: string, plan: RemovalPlan): void {
  const message = `Deprecated managed identity VM extension '${extType}': it no longer deploys; the resource's identity block and IMDS replace it.`;
  if ('obstacle' in plan) context.report({ node, message: `${message} Not fixed automatically: ${plan.obstacle}.` });
  else context.report({ node, message: withFixPlan(message, plan.effects), fix: plan.build });
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
  const graph = referenceGraph(model);
  const extension = graph.declarationOf(resource)!;
  const vm = vmOf(extension, graph);
  if ('obstacle' in vm) return vm;
  const identityObstacle = vm.twins.map((twin) => identityObstacleOf(twin.resource, model)).find(Boolean);
  if (identityObstacle) return { obstacle: identityObstacle };

  const references = planReferences(extension, vm.twins, graph, model, context);
  if ('obstacle' in references) return references;
  const removed = withoutNested([removalOf(resource), ...references.removed]);
  const leftovers = unusedAfterRemoval(removed, resource.scope, model);
  const effects = [
    'deletes it',
    ...counted(references.rewired, 'dependsOn entry', 'dependsOn entries', 'naming it rewired to what it waited for'),
    ...counted(references.dependsOnRemoved, 'dependsOn entry', 'dependsOn entries', 'naming it removed'),
    ...counted(references.provisionAfter, 'provisionAfterExtensions entry', 'provisionAfterExtensions entries', 'naming it removed'),
    ...(references.outputs.length > 0 ? [`removes output${plural(references.outputs)} ${quoted(references.outputs.map(keyOf))}`] : []),
    ...(leftovers.variables.length > 0 ? [`removes variable${plural(leftovers.variables)} ${quoted(leftovers.variables.map(keyOf))} only it used`] : []),
    ...identityEffects(vm.twins, context),
    ...(leftovers.parameters.length > 0
      ? [`leaves parameter${plural(leftovers.parameters)} ${quoted(leftovers.parameters)} unused (kept: parameter files and pipelines may still pass ${leftovers.parameters.length === 1 ? 'it' : 'them'})`]
      : []),
  ];
  return {
    effects,
    build: (edits) => [
      ...edits.removeListItems(withoutNested([...removed, ...leftovers.variables])),
      ...references.replaced.map(({ entry, texts }) => edits.replace(entry, joinEntries(context, entry, texts))),
      ...identityEdits(edits, vm.twins.map((t) => t.resource)),
    ],
  };
}

/** The declaration, or its parent's whole `resources` array when it is the only child (an empty array is noise). */
function removalOf(resource: ResourceNode): Node {
  const list = resource.declaration.parent;
  const owner = list?.parent;
  if (resource.kind === 'resource' && resource.parent && list?.type === 'array' && elements(list).length === 1 && owner?.type === 'property' && keyOf(owner).toLowerCase() === 'resources') {
    return list;
  }
  return resource.declaration;
}

/** The VM or scale set (with its conditional twins) the extension belongs to, if this template deploys it in the extension's scope. */
function vmOf(extension: Declaration, graph: ReferenceGraph): { twins: Declaration[] } | { obstacle: string } {
  const parent = graph.parentOf(extension);
  if (parent.kind === 'ambiguous') {
    return { obstacle: `its name matches ${parent.candidates.length} different VMs or scale sets declared here, so armlint cannot tell which one must keep an identity` };
  }
  if (parent.kind === 'outside' || parent.kind === 'unknown') {
    if (extension.fullName === undefined) return { obstacle: 'its name is computed by an expression armlint cannot resolve, so its VM cannot be found' };
    if (extension.deployment.key !== ROOT_DEPLOYMENT) {
      return {
        obstacle:
          'the VM or scale set it belongs to is not declared in the deployment scope the extension is deployed to (its nested deployment targets another resource group, subscription or scope), so armlint cannot make sure that resource keeps an identity',
      };
    }
    return { obstacle: 'the VM or scale set it belongs to is not declared in this template, so armlint cannot make sure that resource keeps an identity' };
  }
  if (parent.targets.some((t) => t.existing)) {
    return { obstacle: "its VM or scale set is an 'existing' resource, which this template does not deploy, so armlint cannot give it an identity" };
  }
  if (parent.targets.some((t) => !t.deployment.known)) {
    return { obstacle: 'its VM or scale set is deployed to a resource group, subscription or scope computed by an expression armlint cannot resolve' };
  }
  return { twins: parent.targets };
}

const ROOT_DEPLOYMENT = 'deployment';

interface ReferencePlan {
  /** Nodes that simply go: dependsOn and provisionAfterExtensions entries (or whole emptied arrays), outputs. */
  removed: Node[];
  /** A dependsOn entry naming the extension that gives way to what the extension waited for. */
  replaced: Array<{ entry: Node; texts: string[] }>;
  rewired: number;
  dependsOnRemoved: number;
  provisionAfter: number;
  outputs: Node[];
}

/**
 * Every reference to the extension is either removed or rewired; any other
 * reference (or an ambiguous one) makes the fix unsafe.
 */
function planReferences(extension: Declaration, vms: Declaration[], graph: ReferenceGraph, model: TemplateModel, context: RuleContext): ReferencePlan | { obstacle: string } {
  const plan: ReferencePlan = { removed: [], replaced: [], rewired: 0, dependsOnRemoved: 0, provisionAfter: 0, outputs: [] };
  const dependsOn = new Map<ResourceNode, ReferenceSite[]>();
  const provisionAfter = new Map<ResourceNode, Node[]>();
  const unresolved = graph.unresolvedDependencies(extension.template).find((s) => !contains(extension.resource.node, s.node));
  if (unresolved) {
    return { obstacle: `the ${unresolved.kind} entry at ${at(context, unresolved.node)} is only known at deployment and might name it` };
  }
  for (const site of graph.referencesTo(extension)) {
    const where = at(context, site.node);
    if (site.resolution.kind === 'ambiguous') {
      const what = site.kind === 'expression' ? 'expression' : `${site.kind} entry`;
      return { obstacle: `the ${what} at ${where} names it or another resource (${site.resolution.candidates.length} candidates); make that reference unambiguous first` };
    }
    if (site.kind === 'dependsOn') dependsOn.set(site.holder!, [...(dependsOn.get(site.holder!) ?? []), site]);
    else if (site.kind === 'provisionAfterExtensions') provisionAfter.set(site.holder!, [...(provisionAfter.get(site.holder!) ?? []), site.node]);
    else {
      const output = outputReadingOnly(site, model);
      if (!output) return { obstacle: `an expression at ${where} refers to it; remove that reference first` };
      const readers = outputReaders(output, site.template, graph);
      if (readers.length > 0) {
        return { obstacle: `its nested deployment's output '${keyOf(output)}' reads it, and the expression at ${at(context, readers[0].node)} reads that output; remove that read first` };
      }
      plan.outputs.push(output);
    }
  }
  for (const [holder, entries] of provisionAfter) {
    const list = findProperty(propertyValue(holder.node, 'properties'), 'provisionAfterExtensions')!;
    plan.removed.push(...(elements(list.children?.[1]).length === entries.length ? [list] : entries));
    plan.provisionAfter += entries.length;
  }
  plan.removed.push(...plan.outputs);
  const inherited = inheritedDependencies(extension, vms, graph, model, context);
  for (const [holder, sites] of dependsOn) {
    const rewiring = rewire(holder, sites, extension, inherited, graph, model, context);
    if ('obstacle' in rewiring) return rewiring;
    if (rewiring.texts.length === 0) {
      const list = findProperty(holder.node, 'dependsOn')!;
      plan.removed.push(...(elements(list.children?.[1]).length === sites.length ? [list] : sites.map((s) => s.node)));
      plan.dependsOnRemoved += sites.length;
    } else {
      plan.replaced.push({ entry: sites[0].node, texts: rewiring.texts });
      plan.removed.push(...sites.slice(1).map((s) => s.node));
      plan.rewired += sites.length;
    }
  }
  return plan;
}

/** What the extension waited for: its own dependsOn entries, and its VM (a child resource waits for its parent implicitly). */
interface Inherited {
  /** Declaration id, or the entry's lower-cased text when it names nothing declared here. */
  key: string;
  text: string | undefined;
  /** The entry uses copyIndex(): it means one instance per copy. */
  perCopy: boolean;
  scope: TemplateScope;
  /** The extension's own entry, re-evaluated for one instance when a dependent names only that instance. */
  node?: Node;
}

function inheritedDependencies(extension: Declaration, vms: Declaration[], graph: ReferenceGraph, model: TemplateModel, context: RuleContext): Inherited[] {
  const own: Inherited[] = elements(propertyValue(extension.resource.node, 'dependsOn')).map((entry) => {
    const r = graph.resolveDependency(model.evaluate(entry, extension.template), extension.template);
    return {
      key: r.kind === 'declared' ? r.targets[0].id : String(entry.value).toLowerCase(),
      text: context.source.text.slice(entry.offset, entry.offset + entry.length),
      perCopy: COPY_INDEX.test(String(entry.value)),
      scope: extension.template,
      node: entry,
    };
  });
  const vm = vms[0];
  if (own.some((d) => d.key === vm.id)) return own;
  return [...own, { key: vm.id, text: dependencyTextFor(vm), perCopy: vm.copyName !== undefined, scope: vm.template }];
}

/** The text of the entries replacing the holder's entries naming the extension; an obstacle when they cannot be written there. */
function rewire(
  holder: ResourceNode,
  sites: ReferenceSite[],
  extension: Declaration,
  inherited: Inherited[],
  graph: ReferenceGraph,
  model: TemplateModel,
  context: RuleContext,
): { texts: string[] } | { obstacle: string } {
  const entries = new Set(sites.map((s) => s.node));
  const covered = new Set<string>([graph.declarationOf(holder)!.id]);
  for (const entry of elements(propertyValue(holder.node, 'dependsOn'))) {
    if (entries.has(entry)) continue;
    const r = graph.resolveDependency(model.evaluate(entry, holder.scope), holder.scope);
    covered.add(r.kind === 'declared' ? r.targets[0].id : String(entry.value).toLowerCase());
  }
  const needed = inherited.filter((d) => {
    if (covered.has(d.key)) return false;
    covered.add(d.key);
    return true;
  });
  const perInstance = sites.some((s) => COPY_INDEX.test(String(s.node.value)));
  const index = instanceIndexOf(sites);
  const texts = needed.map((d) => (d.perCopy && !perInstance ? forInstance(d, index) : d.text));
  const unwritable = needed.some((d, i) => texts[i] === undefined || d.scope !== holder.scope);
  if (unwritable || (needed.length > 0 && extension.template.evalScope !== holder.scope.evalScope)) {
    return {
      obstacle: `the resource depending on it at ${at(context, sites[0].node)} would need its dependencies (${needed.map((d) => d.text ?? 'its VM').join(', ')}) rewritten for another scope or copy loop`,
    };
  }
  return { texts: texts as string[] };
}

/** The one copy instance all the entries name (`msis[0]`, `node0/...`), if they agree on a known index. */
function instanceIndexOf(sites: ReferenceSite[]): number | undefined {
  const indexes = new Set(sites.map((s) => (s.resolution.kind === 'declared' && s.resolution.instance ? s.resolution.index : undefined)));
  const [index] = indexes;
  return indexes.size === 1 ? index : undefined;
}

/** A per-copy entry of the extension (`format('vms[{0}]', copyIndex())`) written for one instance (`"vms[0]"`), when it evaluates to a literal. */
function forInstance(d: Inherited, index: number | undefined): string | undefined {
  if (index === undefined || d.node?.type !== 'string') return undefined;
  const value = evaluateExpressionString(String(d.node.value), d.scope.evalScope, { copyIndex: index });
  return typeof value === 'string' ? JSON.stringify(value) : undefined;
}

const COPY_INDEX = /copyindex\s*\(/i;

/** A dependsOn entry (JSON text) naming `vm` from its own template, or undefined when armlint cannot write one. */
function dependencyTextFor(vm: Declaration): string | undefined {
  if (vm.resource.symbolicName !== undefined) return JSON.stringify(vm.resource.symbolicName);
  const name = propertyValue(vm.resource.node, 'name');
  const type = vm.resource.type;
  if (name?.type !== 'string' || type === undefined || vm.resource.parent) return undefined;
  const value = String(name.value);
  const nameArg = value.startsWith('[') && !value.startsWith('[[') && value.endsWith(']') ? value.slice(1, -1).trim() : quote(value);
  return JSON.stringify(`[resourceId(${quote(type)}, ${nameArg})]`);
}

/** The inherited entries' text, laid out as the entry they replace. */
function joinEntries(context: RuleContext, entry: Node, texts: string[]): string {
  const { source } = context;
  const separator = source.startsLine(entry.offset) ? `,${source.eol}${source.indentationAt(entry.offset)}` : ', ';
  return texts.join(separator);
}

/** Expressions outside a nested template that read its output through `reference('<deployment>').outputs.<name>`. */
function outputReaders(output: Node, template: TemplateScope, graph: ReferenceGraph): ReferenceSite[] {
  const deployment = template.deployment && graph.declarationOf(template.deployment);
  if (!deployment) return [];
  const name = keyOf(output).toLowerCase();
  return graph.referencesTo(deployment).filter((s) => s.output === name);
}

/** Removed nodes without those inside another removed node (their edits would overlap). */
function withoutNested(nodes: Node[]): Node[] {
  const unique = [...new Set(nodes)];
  return unique.filter((n) => !unique.some((o) => o !== n && contains(o, n)));
}

/**
 * Variables whose every use lies in what the fix removes go with it (arm-ttk
 * fails templates with unreferenced variables); parameters stay, because a
 * parameter file that passes a removed parameter fails the deployment, and
 * are named in the message.
 */
function unusedAfterRemoval(removed: Node[], scope: TemplateScope, model: TemplateModel): { variables: Node[]; parameters: string[] } {
  const gone = [...removed];
  const isGone = (n: Node) => gone.some((g) => contains(g, n));
  const variables: Node[] = [];
  const declaredVariables = properties(propertyValue(scope.node, 'variables'));
  for (let changed = true; changed; ) {
    changed = false;
    for (const variable of declaredVariables) {
      if (variables.includes(variable) || keyOf(variable).toLowerCase() === 'copy') continue;
      const uses = variableUses(model, scope, keyOf(variable));
      if (uses.length > 0 && uses.every((u) => isGone(u.site.node))) {
        variables.push(variable);
        gone.push(variable);
        changed = true;
      }
    }
  }
  const parameters = properties(propertyValue(scope.node, 'parameters'))
    .map(keyOf)
    .filter((name) => {
      const uses = parameterUses(model, scope, name);
      return uses.length > 0 && uses.every((u) => isGone(u.site.node));
    });
  return { variables, parameters };
}

function at(context: RuleContext, node: Node): string {
  const p = context.source.positionAt(node.offset);
  return `line ${p.line}, column ${p.column}`;
}

function counted(n: number, one: string, many: string, what: string): string[] {
  return n === 0 ? [] : [`${n} ${n === 1 ? one : many} ${what}`];
}

function plural(list: unknown[]): string {
  return list.length === 1 ? '' : 's';
}

function quoted(names: string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/** What the fix does to the identity of each VM or scale set. */
function identityEffects(vms: Declaration[], context: RuleContext): string[] {
  const effects: string[] = [];
  for (const vm of vms) {
    const identity = propertyValue(vm.resource.node, 'identity');
    const what = `${vm.type?.endsWith('scalesets') ? 'scale set' : 'VM'} ${vmLabel(vm, context)}`;
    if (!identity) effects.push(`adds "identity": {"type": "SystemAssigned"} to ${what}`);
    else if (isObject(identity) && !findProperty(identity, 'type')) effects.push(`adds "type": "SystemAssigned" to the empty identity of ${what}`);
  }
  return effects;
}

function vmLabel(vm: Declaration, context: RuleContext): string {
  const name = propertyValue(vm.resource.node, 'name');
  const label = name?.type === 'string' ? `'${String(name.value)}'` : `'${vm.resource.symbolicName ?? '?'}'`;
  return vm.conditional ? `${label} (declared at ${at(context, vm.resource.node)})` : label;
}

/** Why the VM / scale set would be left without an identity, or undefined when it keeps (or can get) one. */
function identityObstacleOf(parent: ResourceNode, model: TemplateModel): string | undefined {
  const identity = propertyValue(parent.node, 'identity');
  if (identity && !isObject(identity)) {
    return `its VM or scale set's identity is ${identity.type === 'string' ? 'a string' : identity.type === 'array' ? 'an array' : identity.type}, not an object; write "identity": {"type": "SystemAssigned"} first`;
  }
  const support = identitySupport(parent.type, parent.apiVersion);
  const firstSystemAssigned = firstVersionAccepting(parent.type, 'systemAssigned');
  // The schema of this apiVersion has no identity property: ARM ignores or rejects the block.
  if (identity && support.known && !support.acceptsIdentity) {
    return `its VM or scale set uses apiVersion ${parent.apiVersion}, which accepts no identity, so its identity block does not count; raise it to ${firstVersionAccepting(parent.type, 'identity', parent.apiVersion) ?? firstSystemAssigned} or later`;
  }
  if (identity && findProperty(identity, 'type')) {
    const identityType = asKnownString(model.evaluate(propertyValue(identity, 'type'), parent.scope));
    if (identityType !== undefined && !/systemassigned|userassigned/i.test(identityType)) {
      return `its VM or scale set has identity type '${identityType}'; give it a system- or user-assigned identity first`;
    }
    return undefined;
  }
  if (identity) return undefined;
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

/** `"identity": {"type": "SystemAssigned"}` for each VM / scale set without one; `"type"` for an empty `"identity": {}`. */
function identityEdits(edits: EditBuilder, parents: ResourceNode[]): Edit[] {
  return [...new Set(parents)].flatMap((p) => {
    const identity = propertyValue(p.node, 'identity');
    if (!identity) return edits.insertProperty(p.node, 'identity', { type: 'SystemAssigned' }, 'properties');
    if (isObject(identity) && !findProperty(identity, 'type')) return edits.insertProperty(identity, 'type', 'SystemAssigned');
    return [];
  });
}

function provisionAfterEntriesNamed(name: string, entries: Node[], except: Node): Node[] {
  const found: Node[] = [];
  for (const sibling of entries) {
    if (sibling === except) continue;
    const list = findProperty(propertyValue(sibling, 'properties'), 'provisionAfterExtensions');
    const entries = elements(list?.children?.[1]);
    const named = entries.filter((entry) => typeof entry.value === 'string' && entry.value.toLowerCase() === name);
    // An emptied list goes as a whole.
    found.push(...(named.length > 0 && named.length === entries.length ? [list!] : named));
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
    return {
      effects: ['deletes it', ...counted(siblings.length, 'provisionAfterExtensions entry', 'provisionAfterExtensions entries', 'naming it removed'), ...identityEffects(declarationsOf(consumers.resources, model), context)],
      build: (edits) => [...edits.removeListItems([object, ...siblings]), ...identityEdits(edits, consumers.resources)],
    };
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
  // Extensions spliced in from other variables may wait for it.
  const waiting = extensionName === undefined ? [] : properties(propertyValue(scope.node, 'variables')).filter((v) => v !== variable).flatMap((v) => provisionAfterEntriesNamed(extensionName, objectsWithin(v.children?.[1]), object));
  return {
    effects: [
      'deletes it',
      `removes it from ${rewrites.size} expression${rewrites.size === 1 ? '' : 's'}`,
      ...counted(waiting.length, 'provisionAfterExtensions entry', 'provisionAfterExtensions entries', 'naming it removed'),
      ...identityEffects(declarationsOf(consumers.resources, model), context),
    ],
    build: (edits) => [
      ...edits.removeListItems([variable, ...waiting]),
      ...[...rewrites].map(([node, r]) => edits.editStringValue(node, removeCallArgument(r.source, r.call, r.argIndex))),
      ...identityEdits(edits, consumers.resources),
    ],
  };
}

function declarationsOf(resources: ResourceNode[], model: TemplateModel): Declaration[] {
  const graph = referenceGraph(model);
  return [...new Set(resources)].map((r) => graph.declarationOf(r)!);
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

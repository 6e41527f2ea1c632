/**
 * What else in the template points at the extension a fix removes, and what
 * becomes of each reference: dependsOn entries rewired to what the extension
 * waited for or removed, provisionAfterExtensions entries removed, outputs
 * read only by it removed; anything else makes the fix unsafe.
 */
import type { Node } from 'jsonc-parser';
import type { RuleContext } from '../src/engine/types';
import type { ResourceNode, TemplateModel, TemplateScope } from '../src/model/template-model';
import { evaluateExpressionString, quote } from '../src/expressions';
import { elements, findProperty, keyOf, properties, propertyValue } from '../src/model/json-nodes';
import { contains, outputReadingOnly } from '../src/model/references';
import type { Declaration, ReferenceGraph, ReferenceSite } from '../src/model/reference-graph';
import { at } from './removal-plan';

export interface ReferencePlan {
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
export function planReferences(extension: Declaration, vms: Declaration[], graph: ReferenceGraph, model: TemplateModel, context: RuleContext): ReferencePlan | { obstacle: string } {
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
export function joinEntries(context: RuleContext, entry: Node, texts: string[]): string {
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

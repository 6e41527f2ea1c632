import type { Node } from 'jsonc-parser';
import { attached, evaluateExprOnce, perTree, walkExpr, type CallExpr, type Expr, type Value } from '../expressions';
import { expressionSites } from './expression-index';
import type { ResourceNode, TemplateModel, TemplateScope } from './template-model';
import { elements, keyOf, properties, propertyValue, valueAtPath } from './json-nodes';
import { contains, nameKey, parseReferenceKey } from './references';

/**
 * The reference graph of one template file: what is declared where, and what
 * every `dependsOn` entry, `provisionAfterExtensions` entry and expression
 * reference points at. Built once per model (lazily), with indexes so a query
 * never scans every resource. Ambiguity is represented, never guessed.
 */

/** Where a template's resources are deployed: the file's scope or a nested deployment's. */
export interface DeploymentScope {
  /** Equal keys = same resource group/subscription/scope as far as the template text tells. */
  key: string;
  /** False when the deployment's target is computed by something armlint cannot evaluate. */
  known: boolean;
}

export interface Declaration {
  resource: ResourceNode;
  /** Lower-cased full type, when known. */
  type?: string;
  /** Lower-cased full `parent/child` name key, when known. */
  fullName?: string;
  shortName?: string;
  symbolicName?: string;
  copyName?: string;
  /** `"existing": true`: referenced, not deployed, by this template. */
  existing: boolean;
  /** Has a `condition`: it may or may not be deployed. */
  conditional: boolean;
  template: TemplateScope;
  deployment: DeploymentScope;
  /** Identity across texts (the original and its fix): template ordinal + type + full name. */
  id: string;
  /** Matches the literal names of the instances of a copy loop, when the name uses copyIndex(). */
  instancePattern?: RegExp;
}

export type ReferenceKind = 'dependsOn' | 'provisionAfterExtensions' | 'expression';

export type Resolution =
  /** Declared here; several targets are twins (same resource, e.g. two conditional declarations). */
  /** `instance`: one instance of a copy loop is named; `index`: its copyIndex() when the reference tells. */
  | { kind: 'declared'; targets: Declaration[]; instance: boolean; index?: number }
  | { kind: 'ambiguous'; candidates: Declaration[] }
  /** Names nothing this template declares (another template's resource, or unresolvable). */
  | { kind: 'outside' }
  /** What it names cannot be evaluated (e.g. read from a runtime value): it might name anything. */
  | { kind: 'unknown' };

export interface ReferenceSite {
  kind: ReferenceKind;
  /** The JSON string node holding the reference. */
  node: Node;
  /** The call inside an expression string (`reference(...)`, `resourceId(...)`...), for expression references. */
  call?: CallExpr;
  /** The whole parsed expression string the call stands in. */
  expr?: Expr;
  /** `reference('<deployment>').outputs.<output>`: the output read, lower-cased. */
  output?: string;
  /** The resource whose `dependsOn`/`provisionAfterExtensions` holds the entry. */
  holder?: ResourceNode;
  template: TemplateScope;
  /** Lower-cased comparison key of what is referenced (for matching sites across texts). */
  referenced?: string;
  resolution: Resolution;
}

export interface ReferenceGraph {
  declarations: Declaration[];
  sites: ReferenceSite[];
  declarationOf(resource: ResourceNode): Declaration | undefined;
  /** dependsOn and provisionAfterExtensions entries of `template` whose target cannot be evaluated: any of them might name anything there. */
  unresolvedDependencies(template: TemplateScope): ReferenceSite[];
  /** Sites that point at `target` (or at one of its twins), outside the target itself. */
  referencesTo(target: Declaration): ReferenceSite[];
  /** The declared parent (VM, scale set...) of a child/extension declaration, as resolved in its deployment scope. */
  parentOf(child: Declaration): Resolution;
  /** The declarations a `dependsOn` entry value written in `template` resolves to. */
  resolveDependency(value: Value | undefined, template: TemplateScope): Resolution;
  /** Position of a template among the file's templates (the file's own is 0): stable across a fix that removes no deployment. */
  templateOrdinal(template: TemplateScope): number;
  /** The output `name` of the inline template of deployment `deployment`, if any. */
  outputOf(deployment: Declaration, name: string): Node | undefined;
}

const GRAPH = Symbol('reference graph');

/** The graph of a model, built on first use. */
export function referenceGraph(model: TemplateModel): ReferenceGraph {
  return attached(model, GRAPH, () => buildReferenceGraph(model));
}

const REFERENCING = /^(reference|list\w*|resourceinfo|references)$/i;
const ID_FUNCTIONS = /^(resourceid|extensionresourceid|subscriptionresourceid|tenantresourceid)$/i;
const COPY_INDEX_SYMBOL = /\u0000copyindex\([^\u0000]*\)\u0000/g;
const HAS_COPY_INDEX = /\u0000copyindex\(/;
/** A name key that is exactly one symbol, with no literal part. */
const OPAQUE = /^\u0000[^\u0000]*\u0000$/;
const OUTSIDE: Resolution = { kind: 'outside' };
const UNKNOWN: Resolution = { kind: 'unknown' };

class MultiMap<V> extends Map<string, V[]> {
  add(key: string | undefined, value: V): void {
    if (key === undefined) return;
    const list = this.get(key);
    if (list) list.push(value);
    else this.set(key, [value]);
  }
  all(key: string | undefined): V[] {
    return key === undefined ? [] : this.get(key) ?? [];
  }
}

function buildReferenceGraph(model: TemplateModel): ReferenceGraph {
  const templateIds = new Map<TemplateScope, number>(model.scopes.map((s, i) => [s, i]));
  const deploymentScopes = new Map<TemplateScope, DeploymentScope>();
  for (const scope of model.scopes) deploymentScopes.set(scope, deploymentScopeOf(scope, model, deploymentScopes));

  const declarations: Declaration[] = [];
  const byResource = new Map<ResourceNode, Declaration>();
  // Indexes, all scoped: by template (dependsOn names resources of its own template) or by deployment scope (resource ids).
  const byId = new MultiMap<Declaration>();
  const byFullName = new MultiMap<Declaration>();
  const byShortName = new MultiMap<Declaration>();
  const bySymbolic = new MultiMap<Declaration>();
  const byCopyName = new MultiMap<Declaration>();
  const byScopedKey = new MultiMap<Declaration>();
  const patterned = new MultiMap<Declaration>();

  for (const resource of model.resources) {
    const type = resource.type?.toLowerCase();
    const fullName = nameKey(resource.fullName);
    const t = templateIds.get(resource.scope)!;
    const deployment = deploymentScopes.get(resource.scope)!;
    const declaration: Declaration = {
      resource,
      type,
      fullName,
      shortName: fullName === undefined ? undefined : fullName.slice(fullName.lastIndexOf('/') + 1),
      symbolicName: resource.symbolicName?.toLowerCase(),
      copyName: resource.copyName?.toLowerCase(),
      existing: resource.kind === 'resource' && propertyValue(resource.node, 'existing')?.value === true,
      conditional: resource.kind === 'resource' && propertyValue(resource.node, 'condition') !== undefined,
      template: resource.scope,
      deployment,
      id: `${t}|${type ?? '?'}|${fullName ?? `@${resource.node.offset}`}`,
      instancePattern: fullName !== undefined && HAS_COPY_INDEX.test(fullName) ? instancePattern(fullName) : undefined,
    };
    declarations.push(declaration);
    byResource.set(resource, declaration);
    byId.add(declaration.id, declaration);
    byFullName.add(fullName === undefined ? undefined : `${t}|${fullName}`, declaration);
    byShortName.add(declaration.shortName === undefined ? undefined : `${t}|${declaration.shortName}`, declaration);
    byShortName.add(resource.kind === 'extensionProfileEntry' && declaration.shortName !== undefined ? `pae|${parentKey(declaration)}|${declaration.shortName}` : undefined, declaration);
    bySymbolic.add(declaration.symbolicName === undefined ? undefined : `${t}|${declaration.symbolicName}`, declaration);
    byCopyName.add(declaration.copyName === undefined ? undefined : `${t}|${declaration.copyName}`, declaration);
    byScopedKey.add(type === undefined || fullName === undefined ? undefined : `${deployment.key}|${type}|${fullName}`, declaration);
    if (declaration.instancePattern) patterned.add(String(t), declaration);
  }
  // Top-level scale-set extension resources answer provisionAfterExtensions of their scale set too.
  for (const d of declarations) {
    if (d.resource.kind === 'resource' && d.type?.endsWith('virtualmachinescalesets/extensions') && d.shortName !== undefined) {
      byShortName.add(`pae|${parentKey(d)}|${d.shortName}`, d);
    }
  }

  function parentKey(d: Declaration): string | undefined {
    if (d.resource.parent) return byResource.get(d.resource.parent)?.id ?? `${templateIds.get(d.template)}|${d.resource.parent.type?.toLowerCase()}|${nameKey(d.resource.parent.fullName)}`;
    if (!d.type || d.fullName === undefined || !d.fullName.includes('/')) return undefined;
    return `${templateIds.get(d.template)}|${d.type.slice(0, d.type.lastIndexOf('/'))}|${d.fullName.slice(0, d.fullName.lastIndexOf('/'))}`;
  }

  const resolved = (found: Declaration[], instance = false, index?: number): Resolution => {
    if (found.length === 0) return OUTSIDE;
    const id = found[0].id;
    if (found.every((d) => d.id === id)) return { kind: 'declared', targets: byId.all(id), instance, index };
    return { kind: 'ambiguous', candidates: [...new Set(found)] };
  };
  const instances = (t: number, name: string, type?: string): Resolution => {
    const found = matchingInstances(patterned.all(String(t)), name, type);
    return resolved(found, true, found.length === 1 ? instanceIndex(found[0], name) : undefined);
  };

  /** A dependsOn-style value: resource id, `parent/child` name, short name, copy name, symbolic name or `symbolic[i]`. */
  const resolveName = (value: Value | undefined, template: TemplateScope): Resolution => resolveNameKey(nameKey(value), template);
  const resolveNameKey = (key: string | undefined, template: TemplateScope): Resolution => {
    if (key === undefined) return UNKNOWN;
    const ref = parseReferenceKey(key);
    const t = templateIds.get(template)!;
    if (ref.kind === 'id') {
      const exact = byId.all(`${t}|${ref.type}|${ref.name}`);
      if (exact.length > 0) return resolved(exact);
      return instances(t, ref.name, ref.type);
    }
    if (template.symbolic) {
      const indexed = /^(.+)\[([^\]]*)\]$/.exec(ref.name);
      const symbolic = bySymbolic.all(`${t}|${indexed ? indexed[1] : ref.name}`);
      if (symbolic.length > 0) return resolved(symbolic, indexed !== null, indexed && /^\d+$/.test(indexed[2]) ? Number(indexed[2]) : undefined);
    }
    const byName = byFullName.all(`${t}|${ref.name}`);
    const byCopy = byCopyName.all(`${t}|${ref.name}`);
    const named = byCopy.length === 0 ? byName : [...byName, ...byCopy];
    const found = named.length > 0 ? named : byShortName.all(`${t}|${ref.name}`);
    if (found.length > 0) return resolved(found);
    const instance = instances(t, ref.name);
    // Nothing but one opaque value (`[parameters('dependency')]`, a function result): at deployment it might name anything.
    return instance.kind === 'outside' && OPAQUE.test(ref.name) ? UNKNOWN : instance;
  };

  /** A resource id read by an expression: declared in the deployment scope of the expression's template. */
  const resolveIdKey = (key: string | undefined, template: TemplateScope): Resolution => {
    if (key === undefined) return UNKNOWN;
    const ref = parseReferenceKey(key);
    if (ref.kind === 'name') return resolveNameKey(key, template);
    const scope = deploymentScopes.get(template)!;
    const exact = byScopedKey.all(`${scope.key}|${ref.type}|${ref.name}`);
    if (exact.length > 0) return resolved(exact);
    return resolveNameKey(key, template);
  };

  // Reference sites need every expression string parsed: built on the first query that needs them,
  // so a finding reported for another reason (its VM is not declared) never pays for it.
  let siteIndex: { sites: ReferenceSite[]; byTarget: MultiMap<ReferenceSite>; unknownByTemplate: MultiMap<ReferenceSite> } | undefined;
  const indexedSites = () => {
    if (siteIndex) return siteIndex;
    const sites: ReferenceSite[] = [];
    const inResourceLists = new Set<Node>();
    for (const resource of model.resources) {
      if (resource.kind === 'resource') {
        for (const entry of elements(propertyValue(resource.node, 'dependsOn'))) {
          inResourceLists.add(entry);
          const key = nameKey(model.evaluate(entry, resource.scope));
          sites.push({ kind: 'dependsOn', node: entry, holder: resource, template: resource.scope, referenced: key, resolution: resolveNameKey(key, resource.scope) });
        }
      }
      const declaration = byResource.get(resource)!;
      const isExtension = resource.kind === 'extensionProfileEntry' || declaration.type?.endsWith('virtualmachinescalesets/extensions');
      if (!isExtension) continue;
      for (const entry of elements(valueAtPath(resource.node, ['properties', 'provisionAfterExtensions']))) {
        inResourceLists.add(entry);
        const name = nameKey(model.evaluate(entry, resource.scope));
        const found = name === undefined ? [] : byShortName.all(`pae|${parentKey(declaration)}|${name}`);
        sites.push({ kind: 'provisionAfterExtensions', node: entry, holder: resource, template: resource.scope, referenced: name, resolution: resolved(found) });
      }
    }

    for (const site of expressionSites(model)) {
      if (inResourceLists.has(site.node)) continue;
      addExpressionSites(site.node, site.expr, site.scope, sites, resolveIdKey, resolveNameKey);
    }

    const byTarget = new MultiMap<ReferenceSite>();
    for (const site of sites) {
      const r = site.resolution;
      const targets = r.kind === 'declared' ? r.targets : r.kind === 'ambiguous' ? r.candidates : [];
      // Once per distinct id (twins share one); lists are short, so no Set.
      for (let i = 0; i < targets.length; i++) {
        const id = targets[i].id;
        if (!targets.some((d, j) => j < i && d.id === id)) byTarget.add(id, site);
      }
    }
    const unknownByTemplate = new MultiMap<ReferenceSite>();
    for (const site of sites) if (site.resolution.kind === 'unknown' && site.kind !== 'expression') unknownByTemplate.add(String(templateIds.get(site.template)), site);
    siteIndex = { sites, byTarget, unknownByTemplate };
    return siteIndex;
  };

  const outputOf = (deployment: Declaration, name: string): Node | undefined => {
    const inner = model.scopes.find((s) => s.deployment === deployment.resource);
    if (!inner) return undefined;
    return properties(propertyValue(inner.node, 'outputs')).find((p) => keyOf(p).toLowerCase() === name);
  };

  const graph: Omit<ReferenceGraph, 'sites'> = {
    declarations,
    declarationOf: (resource) => byResource.get(resource),
    unresolvedDependencies: (template) => indexedSites().unknownByTemplate.all(String(templateIds.get(template))),
    referencesTo: (target) => indexedSites().byTarget.all(target.id).filter((s) => !byId.all(target.id).some((d) => contains(d.resource.node, s.node))),
    parentOf: (child) => {
      const key = parentKey(child);
      if (key === undefined) return OUTSIDE;
      // The parent must be declared in the same deployment scope: a same-named VM elsewhere is another VM.
      const local = byId.all(key).filter((d) => d.deployment.key === child.deployment.key);
      if (local.length > 0) return resolved(local);
      // Or by another template deploying to the same scope (an outer-scope nested template and its parent): the same resource.
      const typeAndName = key.slice(key.indexOf('|') + 1);
      const elsewhere = byScopedKey.all(`${child.deployment.key}|${typeAndName}`);
      return elsewhere.length > 0 ? { kind: 'declared', targets: elsewhere, instance: false } : OUTSIDE;
    },
    resolveDependency: resolveName,
    templateOrdinal: (template) => templateIds.get(template) ?? -1,
    outputOf,
  };
  return Object.assign(new LazySites(indexedSites), graph);
}

/**
 * `sites` as a getter on a class, not in the graph's object literal: V8 puts
 * an object literal's accessor pair in old space, and from there the getter's
 * closure held the whole file's graph, model and syntax tree alive across
 * every minor GC until the next full one (measured: about half of everything
 * a dense lint allocated was promoted, a quarter of its time went to GC).
 */
class LazySites {
  constructor(private readonly build: () => { sites: ReferenceSite[] }) {}
  get sites(): ReferenceSite[] {
    return this.build().sites;
  }
}

/** A call of an expression that the graph reads, found once per parsed expression tree. */
interface GraphCall {
  call: CallExpr;
  /** What names the referenced resource: the id function call itself, or the first argument of a referencing call. */
  target: Expr;
  /** resourceInfo('msi') / references('msis') take symbolic names only. */
  symbolicOnly: boolean;
  /** `reference(x).outputs.name`: the output read, lower-cased. */
  output?: string;
}

/** One entry per referencing call of an expression; `reference(resourceId(...))` counts once. */
const graphCalls = perTree((expr: Expr): GraphCall[] => {
  const found: GraphCall[] = [];
  const consumed = new Set<Expr>();
  const outputsRead = new Map<Expr, string>();
  walkExpr(expr, (e) => {
    // `reference(x).outputs.name`: remember which output the inner call reads (pre-order: before the call).
    if (e.kind === 'property' && e.object.kind === 'property' && e.object.name.toLowerCase() === 'outputs' && e.object.object.kind === 'call') {
      outputsRead.set(e.object.object, e.name.toLowerCase());
    }
    if (e.kind !== 'call' || consumed.has(e)) return;
    let call: GraphCall;
    if (ID_FUNCTIONS.test(e.name)) call = { call: e, target: e, symbolicOnly: false, output: outputsRead.get(e) };
    else if (REFERENCING.test(e.name) && e.args[0]) {
      consumed.add(e.args[0]);
      call = { call: e, target: e.args[0], symbolicOnly: /^(resourceinfo|references)$/i.test(e.name), output: outputsRead.get(e) };
    } else return;
    found.push(call);
  });
  return found;
});

/** One site per referencing call of an expression string. */
function addExpressionSites(
  node: Node,
  expr: Expr,
  scope: TemplateScope,
  sites: ReferenceSite[],
  resolveId: (key: string | undefined, t: TemplateScope) => Resolution,
  resolveName: (key: string | undefined, t: TemplateScope) => Resolution,
): void {
  for (const { call, target, symbolicOnly, output } of graphCalls(expr)) {
    const key = nameKey(evaluateExprOnce(target, scope.evalScope));
    const resolution = symbolicOnly ? resolveName(key, scope) : resolveId(key, scope);
    sites.push({ kind: 'expression', node, call, expr, output, template: scope, referenced: key, resolution });
  }
}

function deploymentScopeOf(scope: TemplateScope, model: TemplateModel, known: Map<TemplateScope, DeploymentScope>): DeploymentScope {
  if (!scope.parent || !scope.deployment) return { key: 'deployment', known: true };
  const parent = known.get(scope.parent)!;
  const deployment = scope.deployment;
  let key = parent.key;
  let isKnown = parent.known;
  for (const property of ['subscriptionId', 'resourceGroup', 'scope']) {
    const node = propertyValue(deployment.node, property);
    if (!node) continue;
    const value = nameKey(model.evaluate(node, deployment.scope));
    // `resourceGroup().name` / `subscription().subscriptionId` name the parent's own target.
    if (value === '\u0000resourcegroup().name\u0000' || value === '\u0000subscription().subscriptionid\u0000') continue;
    if (value === undefined) isKnown = false;
    key = `${key}>${property.toLowerCase()}=${value ?? `?${deployment.node.offset}`}`;
  }
  return { key, known: isKnown };
}

/** Declarations of copy loops whose instance names match `name` (and `type`, when given). */
function matchingInstances(candidates: Declaration[], name: string, type?: string): Declaration[] {
  return candidates.filter((d) => (type === undefined || d.type === type) && d.instancePattern!.test(name));
}

/** The copyIndex() of the instance `name` names, when the loop's name uses a single plain copyIndex(). */
function instanceIndex(d: Declaration, name: string): number | undefined {
  const symbols = d.fullName?.match(COPY_INDEX_SYMBOL) ?? [];
  if (symbols.length !== 1 || symbols[0] !== '\u0000copyindex()\u0000') return undefined;
  const match = d.instancePattern!.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** `node\u0000copyindex()\u0000/x` → /^node(\d+)\/x$/ (other symbols match nothing: they are not known). */
function instancePattern(fullName: string): RegExp | undefined {
  const pieces = fullName.split(COPY_INDEX_SYMBOL);
  if (pieces.some((p) => p.includes('\u0000'))) return undefined;
  return new RegExp(`^${pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(\\d+)')}$`);
}


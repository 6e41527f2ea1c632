import { parseLenientJson, type ParsedJson } from '../parsing/parse-jsonc';
import { isTemplateRoot } from '../parsing/template-kind';
import { buildTemplateModel, type TemplateModel } from '../model/template-model';
import { referenceGraph, type Declaration, type ReferenceGraph, type ReferenceSite, type Resolution } from '../model/reference-graph';
import { computedProfileExtensions, hasUsableIdentity, managedIdentityExtensionType } from '../model/managed-identity-extension';
import { isComputeVmOrScaleSet } from '../model/api-version';
import { findProperty } from '../model/json-nodes';
import { attached } from '../expressions';

/** A template text with its model and reference graph, built once and reusable as the "before" of the next pass. */
export interface VerifiedTemplate {
  text: string;
  model: TemplateModel;
  graph: ReferenceGraph;
}

/**
 * Parses a template text into its graph (or takes the model linting it built, or the parse of the text the
 * caller has); undefined when it is not a parseable template.
 */
export function templateGraph(text: string, model?: TemplateModel, parsed?: ParsedJson): VerifiedTemplate | undefined {
  if (model) return { text, model, graph: referenceGraph(model) };
  parsed ??= parseLenientJson(text);
  if (parsed.problems.length > 0 || !parsed.root || !isTemplateRoot(parsed.root)) return undefined;
  const built = buildTemplateModel(parsed.root);
  return { text, model: built, graph: referenceGraph(built) };
}

export type Verification = { ok: true; fixed: VerifiedTemplate } | { ok: false; problems: string[] };

/**
 * The gate: does `fixed` still mean what `original` meant? Every reference
 * that resolved still resolves, to the same declaration or to something
 * declared (what the fix put in its place); nothing newly dangles or becomes
 * ambiguous; every VM or scale set that lost the managed identity extension
 * has a system- or user-assigned identity on every declaration; no identity
 * was added to a resource this template does not deploy where it claims.
 * Usable for a whole pass or for one finding's fix.
 */
export function verifyFix(original: VerifiedTemplate | string, fixed: VerifiedTemplate | string): Verification {
  const before = typeof original === 'string' ? templateGraph(original) : original;
  const after = typeof fixed === 'string' ? templateGraph(fixed) : fixed;
  if (!after) return { ok: false, problems: ['the result is not a parseable deployment template'] };
  if (!before) return { ok: true, fixed: after };
  const problems = [...referenceProblems(before, after), ...identityProblems(before, after)];
  return problems.length > 0 ? { ok: false, problems: [...new Set(problems)].slice(0, 3) } : { ok: true, fixed: after };
}

/** What a reference is, independent of offsets: where it is written (template, kind, holder) and what it names. */
function siteKey(site: ReferenceSite, graph: ReferenceGraph): string {
  const ordinal = graph.templateOrdinal(site.template);
  const holder = site.kind === 'provisionAfterExtensions' && site.holder ? graph.declarationOf(site.holder)?.id : '';
  return `${site.kind === 'expression' ? 'e' : site.kind}|${ordinal}|${holder}|${site.referenced ?? '?'}|${site.output ?? ''}`;
}

function targetIds(r: Resolution): string | undefined {
  if (r.kind === 'declared') return sameId(r.targets) ?? [...new Set(r.targets.map((d) => d.id))].join(',');
  if (r.kind === 'ambiguous') return `ambiguous:${[...new Set(r.candidates.map((d) => d.id))].sort().join(',')}`;
  return undefined;
}

/** The one id all `targets` share (twins nearly always do), without building the set. */
function sameId(targets: Declaration[]): string | undefined {
  const id = targets[0]?.id;
  for (let i = 1; i < targets.length; i++) if (targets[i].id !== id) return undefined;
  return id;
}

/**
 * What the gate reads of one side, computed once per graph and kept on it (a
 * template is the "after" of one verification and the "before" of the next
 * pass's, and of every verification of the halving): each site's key and
 * target ids, in site order.
 */
interface SiteSummary {
  keys: string[];
  targets: Array<string | undefined>;
}

// On the graph itself, not in a WeakMap: a WeakMap entry keyed by a per-file object outlives minor GCs (see attached).
const SITES = Symbol('gate: site keys');
const MEANINGS = Symbol('gate: meanings');
const VMS = Symbol('gate: VMs');
const COUNTS = Symbol('gate: extension counts');

function summaryOf(template: VerifiedTemplate): SiteSummary {
  return attached(template.graph, SITES, (): SiteSummary => {
    const keys: string[] = [];
    const targets: Array<string | undefined> = [];
    for (const site of template.graph.sites) {
      keys.push(siteKey(site, template.graph));
      targets.push(targetIds(site.resolution));
    }
    return { keys, targets };
  });
}

/** Key → what the reference meant (its first occurrence that resolved), read when the template is the "before". */
function meaningsOf(template: VerifiedTemplate): Map<string, string | undefined> {
  return attached(template.graph, MEANINGS, () => {
    const { keys, targets } = summaryOf(template);
    const previously = new Map<string, string | undefined>();
    for (let i = 0; i < keys.length; i++) {
      // A reference written several times keeps the meaning of its first occurrence that resolved.
      if (previously.get(keys[i]) === undefined) previously.set(keys[i], targets[i]);
    }
    return previously;
  });
}

function referenceProblems(before: VerifiedTemplate, after: VerifiedTemplate): string[] {
  const previously = meaningsOf(before);
  const { keys, targets } = summaryOf(after);
  const sites = after.graph.sites;
  const problems: string[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i];
    const key = keys[i];
    const now = targets[i];
    const was = previously.get(key);
    // Described only when it is a problem: nearly every site keeps its meaning.
    if (now === undefined) {
      if (!previously.has(key)) problems.push(`${describe(site)} names nothing this template declares`);
      else if (was !== undefined) problems.push(`${describe(site)} names a resource the fix removed`);
    } else if (was !== now) {
      if (now.startsWith('ambiguous:')) {
        if (!was?.startsWith('ambiguous:')) problems.push(`${describe(site)} has become ambiguous`);
      } else if (was !== undefined) {
        problems.push(`${describe(site)} now names a different resource`);
      }
    }
    const output = danglingOutput(site, after);
    if (output) problems.push(output);
  }
  return problems;
}

/** `reference('<deployment>').outputs.<name>` of an inline template that no longer declares the output. */
function danglingOutput(site: ReferenceSite, template: VerifiedTemplate): string | undefined {
  if (site.output === undefined || site.resolution.kind !== 'declared') return undefined;
  const deployment = site.resolution.targets[0];
  const inner = template.model.scopes.find((s) => s.deployment === deployment.resource);
  if (!inner || template.graph.outputOf(deployment, site.output)) return undefined;
  return `${describe(site)} reads output '${site.output}', which the fix removed`;
}

/** The reference as written (positions would point into a text that is never written). */
function describe(site: ReferenceSite): string {
  const what = site.kind === 'expression' ? 'the expression' : `the ${site.kind} entry`;
  return `${what} ${JSON.stringify(site.node.value)}`;
}

const SCALE_SET = 'microsoft.compute/virtualmachinescalesets';

/** Number of managed identity extensions per VM / scale set id, declared or pulled into a profile by expressions. */
function extensionCounts(template: VerifiedTemplate): Map<string, number> {
  return attached(template.graph, COUNTS, () => countExtensions(template));
}

function countExtensions(template: VerifiedTemplate): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of template.graph.declarations) {
    if (d.type === SCALE_SET) {
      const computed = computedProfileExtensions(d.resource.node, d.template, template.model);
      if (computed > 0) counts.set(d.id, (counts.get(d.id) ?? 0) + computed);
    }
    if (!managedIdentityExtensionType(d.resource.node, d.template, template.model)) continue;
    const parent = template.graph.parentOf(d);
    if (parent.kind !== 'declared') continue;
    const id = parent.targets[0].id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The VM and scale set declarations of a template, by id. */
function vmsOf(template: VerifiedTemplate): Map<string, Declaration[]> {
  return attached(template.graph, VMS, () => {
    const vms = new Map<string, Declaration[]>();
    for (const d of template.graph.declarations) {
      if (isComputeVmOrScaleSet(d.type)) vms.set(d.id, [...(vms.get(d.id) ?? []), d]);
    }
    return vms;
  });
}

const NONE: Declaration[] = [];

function identityProblems(before: VerifiedTemplate, after: VerifiedTemplate): string[] {
  const problems: string[] = [];
  const vmsBefore = vmsOf(before);
  for (const d of after.graph.declarations) {
    if (!isComputeVmOrScaleSet(d.type)) continue;
    const had = vmsBefore.get(d.id) ?? NONE;
    const label = () => `${d.type?.endsWith('scalesets') ? 'scale set' : 'VM'} '${d.fullName ?? d.symbolicName ?? '?'}'`;
    // A VM that has an identity after the fix passes whatever it lost: the rest is only read for one that has none.
    if (!hasUsableIdentity(d.resource.node, d.template, after.model)) {
      const usableBefore = had.some((h) => hasUsableIdentity(h.resource.node, h.template, before.model));
      const lostExtension = !usableBefore && (extensionCounts(after).get(d.id) ?? 0) < (extensionCounts(before).get(d.id) ?? 0);
      if (lostExtension || usableBefore) {
        problems.push(`${label()}${d.conditional ? ' (one of its conditional declarations)' : ''} would have no system- or user-assigned identity`);
      }
    }
    const gainedIdentity = findProperty(d.resource.node, 'identity') !== undefined && !had.some((h) => findProperty(h.resource.node, 'identity'));
    if (gainedIdentity && (d.existing || !d.deployment.known || had.length === 0)) {
      problems.push(`an identity was added to ${label()}, which this template does not deploy where it claims`);
    }
  }
  return problems;
}

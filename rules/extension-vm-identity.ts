/**
 * The VM or scale set a deprecated managed identity extension belongs to, and
 * the identity it must end with once the extension is gone: whether it can
 * have one (its identity block, its apiVersion's schema), what the fix adds,
 * and how the message says so.
 */
import type { Edit, RuleContext } from '../src/engine/types';
import type { EditBuilder } from '../src/fixer/edit-builder';
import type { ResourceNode, TemplateModel } from '../src/model/template-model';
import { asKnownString } from '../src/expressions';
import { findProperty, isObject, properties, propertyValue } from '../src/model/json-nodes';
import { referenceGraph, type Declaration, type ReferenceGraph } from '../src/model/reference-graph';
import { apiDate, isOlderThan } from '../src/model/api-version';
import { firstVersionAccepting, identitySupport } from '../src/schema-facts/identity-support';
import { at } from './removal-plan';

/** The VM or scale set (with its conditional twins) the extension belongs to, if this template deploys it in the extension's scope. */
export function vmOf(extension: Declaration, graph: ReferenceGraph): { twins: Declaration[] } | { obstacle: string } {
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

/** Why the VM / scale set would be left without an identity, or undefined when it keeps (or can get) one. */
export function identityObstacleOf(parent: ResourceNode, model: TemplateModel): string | undefined {
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

/** What the fix does to the identity of each VM or scale set. */
export function identityEffects(vms: Declaration[], context: RuleContext): string[] {
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

/** `"identity": {"type": "SystemAssigned"}` for each VM / scale set without one; `"type"` for an empty `"identity": {}`. */
export function identityEdits(edits: EditBuilder, parents: ResourceNode[]): Edit[] {
  return [...new Set(parents)].flatMap((p) => {
    const identity = propertyValue(p.node, 'identity');
    if (!identity) return edits.insertProperty(p.node, 'identity', { type: 'SystemAssigned' }, 'properties');
    if (isObject(identity) && !findProperty(identity, 'type')) return edits.insertProperty(identity, 'type', 'SystemAssigned');
    return [];
  });
}

export function declarationsOf(resources: ResourceNode[], model: TemplateModel): Declaration[] {
  const graph = referenceGraph(model);
  return [...new Set(resources)].map((r) => graph.declarationOf(r)!);
}

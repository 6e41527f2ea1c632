/**
 * Placement 6 of the deprecated managed identity extension: an object in
 * `variables`, pulled into VMs or scale sets through expressions. Removing it
 * means removing it from every array builder that uses it, and the VMs that
 * received it must end with an identity.
 */
import type { Node } from 'jsonc-parser';
import type { RuleContext } from '../src/engine/types';
import type { ResourceNode, TemplateModel, TemplateScope } from '../src/model/template-model';
import { removeCallArgument } from '../src/expressions';
import { elements, findProperty, keyOf, properties, propertyValue } from '../src/model/json-nodes';
import { contains, nameKey } from '../src/model/references';
import { variableUses } from '../src/model/expression-index';
import { isComputeVmOrScaleSet } from '../src/model/api-version';
import { at, counted, type RemovalPlan } from './removal-plan';
import { declarationsOf, identityEdits, identityEffects, identityObstacleOf } from './extension-vm-identity';

/** Functions whose argument list can lose the extension without changing anything else. */
const ARRAY_BUILDERS = new Set(['createarray', 'concat', 'union']);

/** Objects at any depth inside a variable's value (iteratively: variables can be deep). */
export function objectsWithin(value: Node | undefined): Node[] {
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

export function planVariableRemoval(object: Node, variable: Node, scope: TemplateScope, model: TemplateModel, context: RuleContext): RemovalPlan {
  const variableName = keyOf(variable);
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
        obstacle: `it is declared in variable '${variableName}' and used by the expression at ${at(context, use.site.node)} in a way armlint cannot rewrite; remove it from the variable and from the expressions that use it`,
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

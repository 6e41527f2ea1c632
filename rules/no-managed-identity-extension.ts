/**
 * no-managed-identity-extension: the deprecated managed identity VM extension,
 * wherever a template declares it, and the plan that removes it safely. The
 * plan's parts: extension-vm-identity.ts (the VM or scale set that must end
 * with an identity), extension-references.ts (everything that points at the
 * extension), extension-in-variables.ts (the extension declared in
 * `variables`), removal-plan.ts (the plan's shape and its wording).
 */
import type { Node } from 'jsonc-parser';
import type { RuleContext, RuleModule } from '../src/engine/types';
import type { ResourceNode, TemplateModel, TemplateScope } from '../src/model/template-model';
import { elements, keyOf, properties, propertyValue } from '../src/model/json-nodes';
import { contains } from '../src/model/references';
import { parameterUses, variableUses } from '../src/model/expression-index';
import { referenceGraph } from '../src/model/reference-graph';
import { managedIdentityExtensionType } from '../src/model/managed-identity-extension';
import { withFixPlan } from '../src/engine/fix-message';
import { docsUrl } from './docs-url';
import { counted, plural, quoted, type RemovalPlan } from './removal-plan';
import { identityEdits, identityEffects, identityObstacleOf, vmOf } from './extension-vm-identity';
import { joinEntries, planReferences } from './extension-references';
import { objectsWithin, planVariableRemoval } from './extension-in-variables';

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

function report(context: RuleContext, node: Node, extType: string, plan: RemovalPlan): void {
  const message = `Deprecated managed identity VM extension '${extType}': it no longer deploys; the resource's identity block and IMDS replace it.`;
  if ('obstacle' in plan) context.report({ node, message: `${message} Not fixed automatically: ${plan.obstacle}.` });
  else context.report({ node, message: withFixPlan(message, plan.effects), fix: plan.build });
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

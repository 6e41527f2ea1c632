import type { RuleContext } from '../src/engine/types';
import type { ResourceNode } from '../src/model/template-model';
import { isExpression } from '../src/expressions';
import { propertyValue } from '../src/model/json-nodes';
import { declaredIdentityLists, type DeclaredList } from '../src/model/computed-identity';
import { variableUses } from '../src/model/expression-index';
import { nameKey } from '../src/model/references';
import { identitySupport } from '../src/schema-facts/identity-support';
import { dictionaryVerdict } from './identity-version-verdict';

/**
 * Why an array list declared in a variable and read as an identity cannot be
 * converted where it is declared, or undefined when it can: the variable is
 * named by the identity expressions themselves, nothing else reads it, and
 * every resource reading it takes the dictionary at its own apiVersion with
 * the same spelling of identity.type (the fix changes literal JSON only).
 */
export function declaredListObstacle(list: DeclaredList, context: RuleContext): string | undefined {
  if (list.kind === 'parameters') return `it is the default value of parameter '${list.name}', which a deployment can replace; convert it by hand`;
  if (!list.direct) return `it is reached through another variable; convert the declaration by hand`;
  const readers = context.model.resources.filter((r) => r.kind === 'resource' && readsList(r, list));
  const scope = readers[0].scope;
  for (const use of variableUses(context.model, scope, list.name)) {
    if (!readers.some((r) => propertyValue(r.node, 'identity') === use.site.node)) {
      return `variable '${list.name}' is also read on line ${context.source.positionAt(use.site.node.offset).line}; convert the declaration by hand`;
    }
  }
  const spellings = new Set<string>();
  for (const reader of readers) {
    const verdict = dictionaryVerdict(reader, identitySupport(reader.type, reader.apiVersion));
    if (verdict.kind !== 'accepts') return `${describe(reader)} also reads it and does not take the dictionary at apiVersion ${reader.apiVersion}; convert the declaration by hand`;
    spellings.add(JSON.stringify([verdict.facts.combinedType, verdict.facts.typeValues?.find((v) => v.toLowerCase() === 'userassigned')]));
  }
  if (spellings.size > 1) return `${readers.map(describe).join(', ')} read it and spell identity.type differently; convert the declaration by hand`;
  return undefined;
}

function readsList(resource: ResourceNode, list: DeclaredList): boolean {
  const identity = propertyValue(resource.node, 'identity');
  if (identity?.type !== 'string' || !isExpression(identity.value as string)) return false;
  return declaredIdentityLists(identity, resource.scope).some((l) => l.node === list.node);
}

function describe(resource: ResourceNode): string {
  return `${resource.type ?? 'a resource'} '${nameKey(resource.fullName) ?? '?'}'`;
}

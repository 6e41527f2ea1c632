import type { Node } from 'jsonc-parser';
import { isCallTo, isExpression, parseExpression, walkExpr } from '../expressions';
import { elements, findProperty, forEachStringValue, isArray, isObject, properties } from './json-nodes';
import { declarationOf, declaredValue, type DeclarationKind } from './template-declarations';
import type { TemplateScope } from './template-model';

/**
 * The array-style user-assigned lists (`identityIds`, or `userAssignedIdentities`
 * written as an array) inside the variables and parameter defaults that an
 * identity expression reads, directly or through other variables: the shapes
 * `"identity": "[variables('identities')[parameters('kind')]]"` can produce,
 * where they are declared.
 */
export function declaredIdentityLists(expression: Node, scope: TemplateScope): Node[] {
  const found: Node[] = [];
  const seen = new Set<Node>();
  const pending = [expression];
  while (pending.length > 0) {
    const text = pending.pop()!.value as string;
    for (const value of referencedDeclarations(text, scope)) {
      if (seen.has(value)) continue;
      seen.add(value);
      collectLists(value, found);
      forEachStringValue(value, (s) => {
        if (isExpression(s.value as string)) pending.push(s);
      });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function referencedDeclarations(text: string, scope: TemplateScope): Node[] {
  const parsed = parseExpression(text);
  if (!parsed.ok) return [];
  const values: Node[] = [];
  walkExpr(parsed.expr, (node) => {
    for (const kind of ['variables', 'parameters'] as DeclarationKind[]) {
      if (!isCallTo(node, kind) || node.args[0]?.kind !== 'string') continue;
      const declaration = declarationOf(scope, kind, node.args[0].value);
      const value = declaration && declaredValue(declaration, kind);
      if (value) values.push(value);
    }
  });
  return values;
}

function collectLists(node: Node, found: Node[]): void {
  if (isObject(node)) {
    const identityIds = findProperty(node, 'identityIds');
    const dictionary = findProperty(node, 'userAssignedIdentities');
    if (identityIds) found.push(identityIds);
    else if (isArray(dictionary?.children?.[1])) found.push(dictionary!);
    for (const property of properties(node)) if (property.children?.[1]) collectLists(property.children[1], found);
  } else if (isArray(node)) {
    for (const element of elements(node)) collectLists(element, found);
  }
}

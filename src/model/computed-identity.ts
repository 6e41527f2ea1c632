import type { Node } from 'jsonc-parser';
import { isCallTo, isExpression, parseExpression, walkExpr } from '../expressions';
import { elements, findProperty, forEachStringValue, isArray, isObject, keyOf, properties } from './json-nodes';
import { declarationOf, declaredValue, type DeclarationKind } from './template-declarations';
import type { TemplateScope } from './template-model';

/** An array-style list found in a declaration, and which declaration holds it. */
export interface DeclaredList {
  /** The `identityIds` / `userAssignedIdentities` property. */
  node: Node;
  kind: DeclarationKind;
  name: string;
  /** Named by the identity expression itself, not reached through another variable. */
  direct: boolean;
}

/**
 * The array-style user-assigned lists (`identityIds`, or `userAssignedIdentities`
 * written as an array) inside the variables and parameter defaults that an
 * identity expression reads, directly or through other variables: the shapes
 * `"identity": "[variables('identities')[parameters('kind')]]"` can produce,
 * where they are declared.
 */
export function declaredIdentityLists(expression: Node, scope: TemplateScope): DeclaredList[] {
  const found: DeclaredList[] = [];
  const seen = new Set<Node>();
  const pending = [expression];
  while (pending.length > 0) {
    const source = pending.pop()!;
    for (const declared of referencedDeclarations(source.value as string, scope)) {
      if (seen.has(declared.value)) continue;
      seen.add(declared.value);
      const lists: Node[] = [];
      collectLists(declared.value, lists);
      for (const node of lists) found.push({ node, kind: declared.kind, name: declared.name, direct: source === expression });
      forEachStringValue(declared.value, (s) => {
        if (isExpression(s.value as string)) pending.push(s);
      });
    }
  }
  return found.sort((a, b) => a.node.offset - b.node.offset);
}

function referencedDeclarations(text: string, scope: TemplateScope): Array<{ kind: DeclarationKind; name: string; value: Node }> {
  const parsed = parseExpression(text);
  if (!parsed.ok) return [];
  const values: Array<{ kind: DeclarationKind; name: string; value: Node }> = [];
  walkExpr(parsed.expr, (node) => {
    for (const kind of ['variables', 'parameters'] as DeclarationKind[]) {
      if (!isCallTo(node, kind) || node.args[0]?.kind !== 'string') continue;
      const declaration = declarationOf(scope, kind, node.args[0].value);
      const value = declaration && declaredValue(declaration, kind);
      if (value) values.push({ kind, name: node.args[0].value, value });
    }
  });
  return values;
}

/** Iterative: a declaration can nest tens of thousands of levels deep. */
function collectLists(root: Node, found: Node[]): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isObject(node) && looksLikeIdentity(node)) {
      const identityIds = findProperty(node, 'identityIds');
      const dictionary = findProperty(node, 'userAssignedIdentities');
      if (identityIds) found.push(identityIds);
      else if (isArray(dictionary?.children?.[1])) found.push(dictionary!);
    }
    if (isObject(node)) {
      for (const property of properties(node)) if (property.children?.[1]) stack.push(property.children[1]);
    } else if (isArray(node)) {
      stack.push(...elements(node));
    }
  }
}

const IDENTITY_KEYS = new Set(['type', 'identityids', 'userassignedidentities', 'principalid', 'tenantid']);

/** An object holding nothing but identity properties: other objects with such a key are not identities. */
function looksLikeIdentity(node: Node): boolean {
  return properties(node).every((p) => IDENTITY_KEYS.has(keyOf(p).toLowerCase()));
}

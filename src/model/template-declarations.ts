import type { Node } from 'jsonc-parser';
import { isCallTo, parseExpression } from '../expressions';
import { findProperty, keyOf, properties, propertyValue } from './json-nodes';
import type { TemplateScope } from './template-model';

export type DeclarationKind = 'variables' | 'parameters';

/**
 * The template that declares the variables and parameters `scope`'s
 * expressions see: the scope itself, or for an `outer` nested template the
 * outermost ancestor sharing its evaluation scope.
 */
export function declaringScope(scope: TemplateScope): TemplateScope {
  let owner = scope;
  while (owner.parent && owner.parent.evalScope === scope.evalScope) owner = owner.parent;
  return owner;
}

/** The property node declaring variable / parameter `name` (case-insensitive), if any. */
export function declarationOf(scope: TemplateScope, kind: DeclarationKind, name: string): Node | undefined {
  const section = propertyValue(declaringScope(scope).node, kind);
  const wanted = name.toLowerCase();
  return properties(section).find((p) => keyOf(p).toLowerCase() === wanted);
}

/** `"[variables('x')]"` / `"[parameters('x')]"` as a whole: which one and its name; otherwise undefined. */
export function wholeReference(text: string | undefined): { kind: DeclarationKind; name: string } | undefined {
  if (text === undefined) return undefined;
  const parsed = parseExpression(text);
  if (!parsed.ok) return undefined;
  const { expr } = parsed;
  for (const kind of ['variables', 'parameters'] as const) {
    if (isCallTo(expr, kind) && expr.args.length === 1 && expr.args[0].kind === 'string') return { kind, name: expr.args[0].value };
  }
  return undefined;
}

/** The node a declaration's value lives in: a variable's value, or a parameter's defaultValue. */
export function declaredValue(declaration: Node, kind: DeclarationKind): Node | undefined {
  const value = declaration.children?.[1];
  return kind === 'variables' ? value : findProperty(value, 'defaultValue')?.children?.[1];
}

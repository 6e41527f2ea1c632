import type { Node } from 'jsonc-parser';
import { isExpression } from '../expressions';
import type { SourceText } from '../parsing/source-text';
import { propertyValue, stringValue } from './json-nodes';
import { declarationOf, declaredValue, wholeReference } from './template-declarations';
import type { ResourceNode } from './template-model';

/** Where a resource's apiVersion is written, so that a fix edits the right text and a message names it. */
export type ApiVersionSource =
  | { kind: 'literal'; node: Node }
  /** `"[variables('x')]"` or `"[parameters('x')]"` whose declaration holds a literal string. */
  | { kind: 'variables' | 'parameters'; name: string; node: Node; value: string; line: number }
  | { kind: 'expression' }
  | { kind: 'missing' };

export function apiVersionSource(resource: ResourceNode, source: SourceText): ApiVersionSource {
  const node = propertyValue(resource.node, 'apiVersion');
  const text = stringValue(node);
  if (!node || text === undefined) return { kind: node ? 'expression' : 'missing' };
  if (!isExpression(text)) return { kind: 'literal', node };
  const reference = wholeReference(text);
  const declaration = reference && declarationOf(resource.scope, reference.kind, reference.name);
  const value = declaration && declaredValue(declaration, reference.kind);
  const literal = stringValue(value);
  if (!reference || !value || literal === undefined || isExpression(literal)) return { kind: 'expression' };
  return { kind: reference.kind, name: reference.name, node: value, value: literal, line: source.positionAt(value.offset).line };
}

/** "variable 'computeApiVersion' ("2017-12-01", line 5)" for messages. */
export function describeApiVersionSource(source: ApiVersionSource & { kind: 'variables' | 'parameters' }): string {
  const what = source.kind === 'variables' ? 'variable' : 'parameter';
  const value = source.kind === 'variables' ? JSON.stringify(source.value) : `default ${JSON.stringify(source.value)}`;
  return `${what} '${source.name}' (${value}, line ${source.line})`;
}

import type { Node } from 'jsonc-parser';
import { isCallTo, isExpression, parseExpression, walkExpr, type CallExpr, type Expr } from '../expressions';
import type { TemplateModel, TemplateScope } from './template-model';
import { forEachStringValue } from './json-nodes';

/** An expression string of the template, parsed once. */
export interface ExpressionSite {
  node: Node;
  expr: Expr;
  scope: TemplateScope;
}

/** A `variables('name')` call and where it stands. */
export interface VariableUse {
  site: ExpressionSite;
  call: CallExpr;
  /** The call whose direct argument the use is, if any. */
  parentCall?: CallExpr;
  argIndex?: number;
}

const cache = new WeakMap<TemplateModel, ExpressionSite[]>();

/** Every string value in the file that is an ARM expression, parsed (cached per model). */
export function expressionSites(model: TemplateModel): ExpressionSite[] {
  let sites = cache.get(model);
  if (sites) return sites;
  const found: ExpressionSite[] = [];
  forEachStringValue(model.root, (node) => {
    const value = node.value as string;
    if (!isExpression(value)) return;
    const parsed = parseExpression(value);
    if (parsed.ok) found.push({ node, expr: parsed.expr, scope: model.scopeAt(node.offset) });
  });
  sites = found;
  cache.set(model, sites);
  return sites;
}

/** Uses of variable `name` by expressions that see the variables of `scope` (names are case-insensitive). */
export function variableUses(model: TemplateModel, scope: TemplateScope, name: string): VariableUse[] {
  const wanted = name.toLowerCase();
  const uses: VariableUse[] = [];
  for (const site of expressionSites(model)) {
    if (site.scope.evalScope !== scope.evalScope) continue;
    walkExpr(site.expr, (node, parent) => {
      if (!isCallTo(node, 'variables')) return;
      const [arg] = node.args;
      if (arg?.kind !== 'string' || arg.value.toLowerCase() !== wanted) return;
      const parentCall = parent?.kind === 'call' ? parent : undefined;
      uses.push({ site, call: node, parentCall, argIndex: parentCall ? parentCall.args.indexOf(node) : undefined });
    });
  }
  return uses;
}

import type { Node } from 'jsonc-parser';
import { attached, isCallTo, isExpression, parseExpression, perTree, walkExpr, type CallExpr, type EvalScope, type Expr } from '../expressions';
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

const SITES = Symbol('expression sites');

/** Every string value in the file that is an ARM expression, parsed (cached per model). */
export function expressionSites(model: TemplateModel): ExpressionSite[] {
  return attached(model, SITES, () => findExpressionSites(model));
}

function findExpressionSites(model: TemplateModel): ExpressionSite[] {
  const found: ExpressionSite[] = [];
  forEachStringValue(model.root, (node) => {
    const value = node.value as string;
    if (!isExpression(value)) return;
    const parsed = parseExpression(value);
    if (parsed.ok) found.push({ node, expr: parsed.expr, scope: model.scopeAt(node.offset) });
  });
  return found;
}

/** Uses of variable `name` by expressions that see the variables of `scope` (names are case-insensitive). */
export function variableUses(model: TemplateModel, scope: TemplateScope, name: string): VariableUse[] {
  return namedUses(model, scope, 'variables', name);
}

/** Uses of parameter `name` by expressions that see the parameters of `scope`. */
export function parameterUses(model: TemplateModel, scope: TemplateScope, name: string): VariableUse[] {
  return namedUses(model, scope, 'parameters', name);
}

const USES = Symbol('variable and parameter uses');

/** `variables('x')` / `parameters('x')` calls, indexed once per model by evaluation scope and lower-cased name. */
function namedUses(model: TemplateModel, scope: TemplateScope, section: 'variables' | 'parameters', name: string): VariableUse[] {
  const index = attached(model, USES, () => indexNamedUses(model));
  return index.get(scope.evalScope)?.get(`${section}:${name.toLowerCase()}`) ?? [];
}

function indexNamedUses(model: TemplateModel): Map<EvalScope, Map<string, VariableUse[]>> {
  const index = new Map<EvalScope, Map<string, VariableUse[]>>();
  for (const site of expressionSites(model)) {
    const calls = namedCalls(site.expr);
    if (calls.length === 0) continue;
    let names = index.get(site.scope.evalScope);
    if (!names) index.set(site.scope.evalScope, (names = new Map()));
    for (const { key, call, parentCall, argIndex } of calls) {
      const use = { site, call, parentCall, argIndex };
      const list = names.get(key);
      if (list) list.push(use);
      else names.set(key, [use]);
    }
  }
  return index;
}

interface NamedCall {
  /** `variables:<name>` or `parameters:<name>`, lower-cased. */
  key: string;
  call: CallExpr;
  parentCall?: CallExpr;
  argIndex?: number;
}

/** The `variables('x')` / `parameters('x')` calls of a parsed expression. */
const namedCalls = perTree((expr: Expr): NamedCall[] => {
  const found: NamedCall[] = [];
  walkExpr(expr, (node, parent) => {
    if (!isCallTo(node, 'variables') && !isCallTo(node, 'parameters')) return;
    const [arg] = node.args;
    if (arg?.kind !== 'string') return;
    const parentCall = parent?.kind === 'call' ? parent : undefined;
    found.push({ key: `${node.name.toLowerCase()}:${arg.value.toLowerCase()}`, call: node, parentCall, argIndex: parentCall ? parentCall.args.indexOf(node) : undefined });
  });
  return found;
});

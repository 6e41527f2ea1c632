import type { Node } from 'jsonc-parser';
import { isCallTo, isExpression, parseExpression, walkExpr, type CallExpr, type EvalScope, type Expr } from '../expressions';
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
  return namedUses(model, scope, 'variables', name);
}

/** Uses of parameter `name` by expressions that see the parameters of `scope`. */
export function parameterUses(model: TemplateModel, scope: TemplateScope, name: string): VariableUse[] {
  return namedUses(model, scope, 'parameters', name);
}

const useIndexes = new WeakMap<TemplateModel, Map<EvalScope, Map<string, VariableUse[]>>>();

/** `variables('x')` / `parameters('x')` calls, indexed once per model by evaluation scope and lower-cased name. */
function namedUses(model: TemplateModel, scope: TemplateScope, section: 'variables' | 'parameters', name: string): VariableUse[] {
  let index = useIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const site of expressionSites(model)) {
      let byName = index.get(site.scope.evalScope);
      if (!byName) index.set(site.scope.evalScope, (byName = new Map()));
      const names = byName;
      walkExpr(site.expr, (node, parent) => {
        if (!isCallTo(node, 'variables') && !isCallTo(node, 'parameters')) return;
        const [arg] = node.args;
        if (arg?.kind !== 'string') return;
        const key = `${node.name.toLowerCase()}:${arg.value.toLowerCase()}`;
        const parentCall = parent?.kind === 'call' ? parent : undefined;
        const use = { site, call: node, parentCall, argIndex: parentCall ? parentCall.args.indexOf(node) : undefined };
        const list = names.get(key);
        if (list) list.push(use);
        else names.set(key, [use]);
      });
    }
    useIndexes.set(model, index);
  }
  return index.get(scope.evalScope)?.get(`${section}:${name.toLowerCase()}`) ?? [];
}

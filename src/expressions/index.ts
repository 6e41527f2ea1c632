/** Public API of the ARM template expression module. */
export type { Expr, CallExpr, PropertyExpr, IndexExpr } from './ast';
export { isCallTo, perTree, walkExpr } from './ast';
export type { ParseResult } from './parser';
export { isExpression, unescapeLiteral, parseExpression, MAX_DEPTH } from './parser';
export { printExpression, printExpressionBody, quote, removeCallArgument, replaceExprText } from './printer';
export type { Value, SymbolPart } from './values';
export {
  Unknown, Symbolic, symbolKey, asKnownString, isFullyKnown, isPlainObject, findUnknown, valuesEqual, getProperty, renderValue, makeString,
} from './values';
export type { EvalScope, EvalOptions } from './evaluator';
export { evaluateExpressionString, evaluateExpressionStringOnce, evaluateJson, evaluateExpr, evaluateExprOnce } from './evaluator';
export { attached } from './attached';
export { stringMemo } from './string-memo';

/**
 * Printing and text edits for ARM expressions.
 *
 * With `source` (the string the tree was parsed from), nodes produced by the parser are
 * re-emitted from source slices so unchanged expressions round-trip byte-for-byte.
 * Parsed nodes are frozen, so a changed tree necessarily contains new (synthetic) nodes;
 * those are printed canonically while their parsed children still use the source text.
 */
import type { CallExpr, Expr } from './ast';
import { parsedNodes } from './parser';

/** Prints a full template string value: `[` + expression + `]`. */
export function printExpression(expr: Expr, source?: string): string {
  const body = printExpressionBody(expr, source);
  if (source !== undefined && usable(expr, source)) {
    // Keep the original padding between the brackets when printing the root node.
    const before = source.slice(0, expr.start);
    const after = source.slice(expr.end);
    if (/^\[\s*$/.test(before) && /^\s*\]$/.test(after)) return before + body + after;
  }
  return `[${body}]`;
}

/** Prints just the expression (no outer brackets). */
export function printExpressionBody(expr: Expr, source?: string): string {
  if (source !== undefined && usable(expr, source)) return printFromSource(expr, source);
  switch (expr.kind) {
    case 'string': return quote(expr.value);
    case 'number': return String(expr.value);
    case 'boolean': return expr.value ? 'true' : 'false';
    case 'null': return 'null';
    case 'call': return `${expr.name}(${expr.args.map((a) => printExpressionBody(a, source)).join(', ')})`;
    case 'property': return `${printExpressionBody(expr.object, source)}.${expr.name}`;
    case 'index': return `${printExpressionBody(expr.object, source)}[${printExpressionBody(expr.index, source)}]`;
  }
}

/** ARM string literal: single quotes, `'` doubled. */
export function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function usable(expr: Expr, source: string): boolean {
  return parsedNodes.has(expr) && expr.start >= 0 && expr.end <= source.length && expr.start < expr.end;
}

/** Source slice of a parsed node, but with children re-printed (they may be synthetic). */
function printFromSource(expr: Expr, source: string): string {
  const children: Expr[] =
    expr.kind === 'call' ? expr.args : expr.kind === 'property' ? [expr.object] : expr.kind === 'index' ? [expr.object, expr.index] : [];
  let out = '';
  let cursor = expr.start;
  for (const child of children) {
    out += source.slice(cursor, child.start) + printExpressionBody(child, source);
    cursor = child.end;
  }
  return out + source.slice(cursor, expr.end);
}

/**
 * Returns `source` with argument `argIndex` of `call` (a parsed node of `source`) removed,
 * together with its separating comma and the whitespace adjacent to that comma.
 * Everything else is byte-identical. Throws RangeError on a bad index/foreign node.
 */
export function removeCallArgument(source: string, call: Expr, argIndex: number): string {
  if (call.kind !== 'call') throw new RangeError('removeCallArgument: node is not a call');
  const args = (call as CallExpr).args;
  if (!Number.isInteger(argIndex) || argIndex < 0 || argIndex >= args.length) {
    throw new RangeError(`removeCallArgument: argument index ${argIndex} out of range (0..${args.length - 1})`);
  }
  if (call.end > source.length || source[call.end - 1] !== ')') {
    throw new RangeError('removeCallArgument: call node does not belong to this source');
  }
  let from: number;
  let to: number;
  if (args.length === 1) {
    // Only argument: leave `name()`.
    from = source.indexOf('(', call.start) + 1;
    to = call.end - 1;
  } else if (argIndex < args.length - 1) {
    from = args[argIndex].start; // `f(a, b, c)` -> `f(b, c)` / `f(a, c)`: arg, comma, following space
    to = args[argIndex + 1].start;
  } else {
    from = args[argIndex - 1].end; // `f(a, b)` -> `f(a)`: preceding space, comma, arg
    to = args[argIndex].end;
  }
  return source.slice(0, from) + source.slice(to);
}

/** Replaces a parsed node's text in `source` with `text` (a printed expression body). */
export function replaceExprText(source: string, node: Expr, text: string): string {
  if (node.start < 0 || node.end > source.length || node.start > node.end) {
    throw new RangeError('replaceExprText: node offsets do not fit the source');
  }
  return source.slice(0, node.start) + text + source.slice(node.end);
}

/**
 * AST of the ARM template expression language.
 *
 * Offsets (`start`/`end`, end exclusive) index into the decoded JSON string value the
 * expression was parsed from, *including* the outer `[`, so callers can map them back
 * onto template text. Synthetic nodes built by rewrites may use any offsets (e.g. -1):
 * the printer only trusts offsets of nodes that came out of the parser (see printer.ts).
 */
export type Expr =
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'boolean'; value: boolean; start: number; end: number }
  | { kind: 'null'; start: number; end: number }
  | { kind: 'call'; name: string; args: Expr[]; start: number; end: number }
  | { kind: 'property'; object: Expr; name: string; start: number; end: number }
  | { kind: 'index'; object: Expr; index: Expr; start: number; end: number };

export type CallExpr = Extract<Expr, { kind: 'call' }>;
export type PropertyExpr = Extract<Expr, { kind: 'property' }>;
export type IndexExpr = Extract<Expr, { kind: 'index' }>;

/** ARM function names are case-insensitive; compare via this. */
export function isCallTo(expr: Expr, name: string): expr is CallExpr {
  return expr.kind === 'call' && expr.name.toLowerCase() === name.toLowerCase();
}

/** Pre-order walk over every node (iterative: trees can be ~500 deep). */
export function walkExpr(root: Expr, visit: (node: Expr, parent: Expr | undefined) => void): void {
  const stack: Array<[Expr, Expr | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children: Expr[] =
      node.kind === 'call' ? node.args
        : node.kind === 'property' ? [node.object]
          : node.kind === 'index' ? [node.object, node.index]
            : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], node]);
  }
}

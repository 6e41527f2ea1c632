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
  // Two parallel stacks instead of a [node, parent] pair and a children array per node: walks run over every expression of a file.
  const nodes: Expr[] = [root];
  const parents: Array<Expr | undefined> = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    visit(node, parents.pop());
    if (node.kind === 'call') {
      for (let i = node.args.length - 1; i >= 0; i--) {
        nodes.push(node.args[i]);
        parents.push(node);
      }
    } else if (node.kind === 'index') {
      nodes.push(node.index, node.object);
      parents.push(node, node);
    } else if (node.kind === 'property') {
      nodes.push(node.object);
      parents.push(node);
    }
  }
}

/**
 * `find` cached per parsed tree: trees are shared by identical expression strings (and frozen), so
 * what is read from a tree is read once per run. The results are shared: never mutate them.
 */
export function perTree<T>(find: (root: Expr) => T[]): (root: Expr) => readonly T[] {
  const found = new WeakMap<Expr, T[]>();
  return (root) => {
    let result = found.get(root);
    if (!result) {
      result = find(root);
      found.set(root, result);
    }
    return result;
  };
}

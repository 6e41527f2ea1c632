/**
 * Round-trips every expression found in the shared quickstart corpus (if present) through
 * the parser and printer, and reports how much the evaluator resolves statically.
 */
import * as fs from 'fs';
import * as path from 'path';
import { getNodeValue, Node, parseTree, ParseError } from 'jsonc-parser';
import {
  evaluateExpressionString, EvalScope, isExpression, isFullyKnown, parseExpression, printExpression, Symbolic, Unknown,
} from '../../src/expressions';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/quickstart');
const present = fs.existsSync(CORPUS);
if (!present) console.log(`expression corpus tests skipped: ${CORPUS} does not exist`);

/** Expressions in the corpus that are malformed in the source templates themselves (not parser bugs). */
const KNOWN_INVALID: RegExp[] = [
  /^\[dbo\]\.\[\w+\]$/, // SQL object names in *.parameters.json values
  /providers\('Microsoft\.Media', 'mediaservices'\)'2015-10-01'0\]/, // garbled listKeys() call
];

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) jsonFiles(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

function stringNodes(root: Node): Node[] {
  const out: Node[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string' && typeof n.value === 'string') out.push(n); // includes property keys
    if (n.children) stack.push(...n.children);
  }
  return out;
}

function topLevelScope(root: Node): EvalScope {
  let value: unknown;
  try {
    value = getNodeValue(root);
  } catch {
    value = undefined;
  }
  const obj = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const section = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  return { parameters: section(obj.parameters), variables: section(obj.variables) };
}

(present ? describe : describe.skip)('quickstart corpus', () => {
  test('every expression parses and round-trips byte-for-byte', () => {
    let total = 0, roundTrip = 0, known = 0, symbolic = 0, unknown = 0, knownInvalid = 0;
    const failures: string[] = [];
    const reasons = new Map<string, number>();
    const files = jsonFiles(CORPUS);
    for (const file of files) {
      const errors: ParseError[] = [];
      const root = parseTree(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: true, disallowComments: false });
      if (!root) continue;
      const scope = topLevelScope(root);
      for (const node of stringNodes(root)) {
        const value = node.value as string;
        if (!isExpression(value)) continue;
        total++;
        const r = parseExpression(value);
        if (!r.ok) {
          const rel = path.relative(CORPUS, file);
          if (KNOWN_INVALID.some((re) => re.test(value))) {
            knownInvalid++;
            console.log(`known-invalid expression in ${rel}: ${value} (${r.message} at ${r.offset})`);
          } else {
            failures.push(`${rel}: ${JSON.stringify(value)}: ${r.message} at ${r.offset}`);
          }
          continue;
        }
        const printed = printExpression(r.expr, value);
        if (printed === value) roundTrip++;
        else failures.push(`${path.relative(CORPUS, file)}: round trip changed ${JSON.stringify(value)} -> ${JSON.stringify(printed)}`);
        const v = evaluateExpressionString(value, scope);
        if (v instanceof Unknown) {
          unknown++;
          const reason = v.reason.replace(/'[^']*'/g, "'…'").slice(0, 80);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        } else if (isFullyKnown(v)) known++;
        else if (v instanceof Symbolic) symbolic++;
        else symbolic++; // containers with symbolic/unknown parts
      }
    }
    const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([r, n]) => `  ${n} × ${r}`).join('\n');
    console.log(
      `expression corpus: ${files.length} files, ${total} expressions, ${roundTrip} round-trip byte-for-byte, ` +
        `${knownInvalid} known-invalid in source, ${known} fully resolved, ${symbolic} symbolic/partial, ${unknown} unknown\n` +
        `top unknown reasons:\n${top}`,
    );
    expect(failures.slice(0, 50)).toEqual([]);
    expect(total).toBeGreaterThan(0);
  });
});

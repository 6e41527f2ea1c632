import { EvalOptions, EvalScope, evaluateExpressionString, renderValue, Symbolic, Unknown, Value } from '../../src/expressions';

// Evaluations in one scope take the parameter and variable values earlier evaluations settled.
// Whatever order they come in, each result must be the one a scope seen for the first time gives.

/** A scope with the same declarations and nothing settled (new objects: values are settled per scope object). */
const fresh = (scope: EvalScope): EvalScope => structuredClone(scope);

const text = (v: Value): string => {
  if (v instanceof Unknown) return `unknown: ${v.reason}`;
  if (v instanceof Symbolic) return `symbolic: ${JSON.stringify(v.parts)}`;
  return renderValue(v) ?? 'unrenderable';
};

// Near the depth limit the JS stack itself may run out first (more easily while the code is not yet optimised):
// the evaluator's backstop then answers "evaluation failed", as deep as the stack happened to be. That is
// no result to compare: such runs are left out, and the tests check that enough runs remain.
const STACK_EXHAUSTED = /^unknown: evaluation failed: Maximum call stack/;

/** Compares each run with a fresh scope; returns how many runs were compared. */
function expectSameAsFresh(scope: EvalScope, runs: Array<[string, EvalOptions?]>): number {
  let compared = 0;
  for (const [expression, options] of runs) {
    const reused = text(evaluateExpressionString(expression, scope, options));
    const first = text(evaluateExpressionString(expression, fresh(scope), options));
    if (STACK_EXHAUSTED.test(reused) || STACK_EXHAUSTED.test(first)) continue;
    expect({ expression, options, result: reused }).toEqual({ expression, options, result: first });
    compared++;
  }
  return compared;
}

/** `v0` reads `v1` ... reads `v{n}`: each link adds a few levels of depth and steps. */
function chain(n: number): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) variables[`v${i}`] = `[concat(variables('v${i + 1}'), '-')]`;
  variables[`v${n}`] = 'end';
  return variables;
}

const nest = (expression: string, levels: number): string => `[${"concat('a', ".repeat(levels)}${expression}${')'.repeat(levels)}]`;

describe('settled parameter and variable values', () => {
  test('ordinary declarations: the same values in any order', () => {
    const scope: EvalScope = {
      parameters: { prefix: { type: 'string', defaultValue: 'app' }, site: { type: 'string' } },
      variables: { name: "[concat(parameters('prefix'), '-vm')]", nic: "[concat(variables('name'), '-nic')]", ids: "[createArray(variables('nic'), parameters('site'))]" },
    };
    expectSameAsFresh(scope, [["[variables('nic')]"], ["[variables('ids')]"], ["[resourceId('Microsoft.Network/networkInterfaces', variables('nic'))]"], ["[variables('name')]"]]);
  });

  test('cycles: a value read through a cycle is never taken by another evaluation', () => {
    const scope: EvalScope = {
      parameters: undefined,
      variables: { a: "[concat(variables('b'), 'x')]", b: "[variables('a')]", c: "[variables('a')]", d: "[concat(variables('c'), variables('b'))]", plain: 'p' },
    };
    expectSameAsFresh(scope, [["[variables('plain')]"], ["[variables('b')]"], ["[variables('a')]"], ["[variables('d')]"], ["[variables('c')]"], ["[concat(variables('plain'), variables('a'))]"]]);
  });

  test('step budget: a settled value is not taken where computing it would exhaust the budget', () => {
    const scope: EvalScope = { parameters: undefined, variables: chain(300) };
    const full = evaluateExpressionString("[variables('v0')]", fresh(scope));
    expect(full).toBe(`end${'-'.repeat(300)}`);
    // Settle every link, then evaluate under budgets around what computing them costs.
    evaluateExpressionString("[variables('v0')]", scope);
    const runs: Array<[string, EvalOptions?]> = [];
    for (const maxSteps of [10, 500, 900, 1200, 1500, 2000]) runs.push(["[variables('v0')]", { maxSteps }], ["[variables('v150')]", { maxSteps }]);
    expectSameAsFresh(scope, runs);
    expect(evaluateExpressionString("[variables('v0')]", scope, { maxSteps: 500 })).toBeInstanceOf(Unknown);
  });

  test('depth: a settled value is not taken where computing it would nest too deeply', () => {
    // A tenth of the default limit (and of the chain and the nesting): the limit is met long before the
    // JavaScript stack could run out, so every run is compared.
    const options: EvalOptions = { maxDepth: 150 };
    const scope: EvalScope = { parameters: undefined, variables: chain(45) };
    expect(evaluateExpressionString("[variables('v0')]", scope, options)).toBe(`end${'-'.repeat(45)}`);
    const levels = [0, 5, 10, 15, 20, 30, 48];
    expect(expectSameAsFresh(scope, levels.map((n) => [nest("variables('v0')", n), options] as [string, EvalOptions]))).toBe(levels.length);
    // Deep enough, computing v0 meets the depth limit.
    expect(evaluateExpressionString(nest("variables('v0')", 30), scope, options)).toBeInstanceOf(Unknown);
  });

  test('a budget or depth met while settling a declaration leaves it unsettled', () => {
    const scope: EvalScope = { parameters: undefined, variables: chain(300) };
    const compared = expectSameAsFresh(scope, [
      [nest("variables('v0')", 480)],
      ["[variables('v0')]", { maxSteps: 700 }],
      ["[variables('v0')]"],
      ["[variables('v100')]", { maxSteps: 100 }],
      ["[variables('v100')]"],
    ]);
    expect(compared).toBeGreaterThanOrEqual(4);
  });

  test('a parameter default reading a variable', () => {
    const scope: EvalScope = {
      parameters: { name: { type: 'string', defaultValue: "[variables('base')]" }, n: { type: 'int', defaultValue: '3' } },
      variables: { base: "[concat('vm', parameters('n'))]", loop: "[parameters('loop')]" },
    };
    expectSameAsFresh(scope, [["[parameters('name')]"], ["[variables('base')]"], ["[copyIndex()]", { copyIndex: 2 }], ["[concat(parameters('name'), copyIndex())]", { copyIndex: 1 }], ["[variables('loop')]"]]);
  });
});

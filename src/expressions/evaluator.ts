/**
 * Partial evaluator for ARM template expressions.
 *
 * Resolves whatever is statically knowable from the template itself (parameter defaults,
 * variables, pure functions) and represents the rest as Symbolic (opaque but stable,
 * canonically comparable) or Unknown. Design choices:
 * - Deterministic functions that cannot be computed (reference(), resourceGroup(),
 *   uniqueString(), user-defined `ns.fn()`, or implemented functions with symbolic
 *   arguments) become a symbol of their canonical call text, e.g. `uniquestring(resourcegroup().id)`.
 *   newGuid()/utcNow() are Unknown (different per call) -- but a parameter whose default is
 *   not knowable evaluates to the stable symbol `parameters('name')`.
 * - A variable whose value is Unknown (not due to a cycle) becomes the symbol `variables('name')`.
 * - Work is bounded (steps, depth, value sizes) and nothing throws.
 * Parameter defaults are assumed to be the deployed values; a name not found in a scope is
 * looked up in `scope.parent`.
 */
import type { Expr } from './ast';
import { attached } from './attached';
import { FUNCTIONS, ACCEPTS_UNKNOWN, NONDETERMINISTIC, UNRESOLVED } from './functions';
import { isExpression, parseExpression, unescapeLiteral } from './parser';
import { quote } from './printer';
import {
  findUnknown, getProperty, isPlainObject, renderValue, singleSymbol, Symbolic, symbolValue, Unknown, Value,
} from './values';

export interface EvalScope {
  /** The template's raw `parameters` section (name -> declaration with optional defaultValue). */
  parameters: Record<string, unknown> | undefined;
  /** The template's raw `variables` section. */
  variables: Record<string, unknown> | undefined;
  /** Enclosing template, consulted for names this scope does not declare. */
  parent?: EvalScope;
}

export interface EvalOptions {
  /** Value of `copyIndex()` (no loop name) at this point, e.g. 0 for the first copy. */
  copyIndex?: Value;
  /** Values of `copyIndex('loopName')`, keyed by loop name (case-insensitive). */
  copyIndexes?: Record<string, Value>;
  /** Evaluation step budget (default 200000). */
  maxSteps?: number;
  /** Nesting limit (default 1500; tests set a smaller one to reach it without running out of JavaScript stack first). */
  maxDepth?: number;
}

const MAX_EVAL_DEPTH = 1500;
const MAX_COPY_COUNT = 1000;
const MAX_RENDERED_CONTAINER = 4000;
const CYCLE = 'cycle: ';

interface Ctx {
  steps: number;
  maxSteps: number;
  maxDepth: number;
  depth: number;
  /** Per scope: the values computed or taken by this evaluation (created on first use: most evaluations take settled values only). */
  scopes?: Map<EvalScope, ScopeState>;
  /** Whether lookups may take a declaration's value computed by an earlier evaluation (see `Settled`). */
  reuse: boolean;
  /** Bumped by every result that a fresh evaluation might not give: a cycle, an exhausted budget or depth, a tainted cached value. */
  taint: number;
  /** Upper bound of the steps the settled values taken by this evaluation would have cost to compute. */
  skipped: number;
  /** Upper bound of the steps of every value looked up so far (taken or cached), for the bounds of a value being computed. */
  looked: number;
  /** Upper bound of the deepest `depth` this evaluation would have reached computing what it took. */
  peak: number;
}

interface ScopeState {
  cache: Map<string, Value>;
  /** Bounds of the cached values that are settled (a cached value without one is tainted). */
  bounds: Map<string, Settled>;
  /** Declarations being computed: meeting one again is a cycle. */
  active: Set<string>;
}

/**
 * A parameter or variable value that does not depend on the evaluation that computed it: no cycle,
 * budget or depth limit was met. It depends only on its scope, so later evaluations take it instead of
 * computing it again, and know from its bounds whether computing it could have met a limit: an
 * evaluation whose bounds say a limit could have been met is done again without taking any.
 */
interface Settled {
  value: Value;
  /** At most this many steps to compute it (with nothing cached). */
  steps: number;
  /** At most this much deeper than where it is looked up. */
  depth: number;
}

/** What evaluations in a scope share, attached to the scope. */
interface ScopeMemo {
  settled: Map<string, Settled>;
  /** Whole evaluations of parsed expressions (see evaluateExprOnce). */
  evaluated: Map<Expr, Value>;
  /** Lower-cased name → first key spelled so, per section object. */
  names: Map<object, Map<string, string>>;
}

const SCOPE_MEMO = Symbol('evaluations in this scope');

const scopeMemo = (scope: EvalScope): ScopeMemo =>
  attached(scope, SCOPE_MEMO, () => ({ settled: new Map(), evaluated: new Map(), names: new Map() }));

interface Frame {
  scope: EvalScope;
  unnamedIndex?: Value;
  /** copyIndex('loop') values by lower-cased loop name; never mutated (a loop copies it). */
  named: ReadonlyMap<string, Value>;
}

const NO_LOOPS: ReadonlyMap<string, Value> = new Map();

export function evaluateExpressionString(value: string, scope: EvalScope, options?: EvalOptions): Value {
  return run(options, scope, (ctx, frame) => evalString(value, frame, ctx));
}

export function evaluateJson(value: unknown, scope: EvalScope, options?: EvalOptions): Value {
  return run(options, scope, (ctx, frame) => evalJson(value, frame, ctx, false));
}

export function evaluateExpr(expr: Expr, scope: EvalScope, options?: EvalOptions): Value {
  return run(options, scope, (ctx, frame) => evalExpr(expr, frame, ctx));
}

/**
 * `evaluateExpr(expr, scope)`, once per parsed tree (trees are shared by identical strings) and scope:
 * a value depends on nothing else, and templates, the reference graph and the rules evaluate the same
 * expressions many times. Values are shared: never mutate them.
 */
export function evaluateExprOnce(expr: Expr, scope: EvalScope): Value {
  const evaluated = scopeMemo(scope).evaluated;
  let value = evaluated.get(expr);
  if (value === undefined) {
    value = evaluateExpr(expr, scope);
    evaluated.set(expr, value);
  }
  return value;
}

/** `evaluateExpressionString(value, scope)`, with a parsed expression evaluated once per scope (see evaluateExprOnce). */
export function evaluateExpressionStringOnce(value: string, scope: EvalScope): Value {
  if (!isExpression(value)) return unescapeLiteral(value);
  const parsed = parseExpression(value);
  return parsed.ok ? evaluateExprOnce(parsed.expr, scope) : evaluateExpressionString(value, scope);
}

function run(options: EvalOptions | undefined, scope: EvalScope, f: (ctx: Ctx, frame: Frame) => Value): Value {
  const first = runOnce(options, scope, f, true);
  // Computing what it took could have met a limit: only computing everything gives the exact result.
  return first.redo ? runOnce(options, scope, f, false).value : first.value;
}

function runOnce(options: EvalOptions | undefined, scope: EvalScope, f: (ctx: Ctx, frame: Frame) => Value, reuse: boolean): { value: Value; redo: boolean } {
  const ctx: Ctx = {
    steps: 0, maxSteps: options?.maxSteps ?? 200_000, maxDepth: options?.maxDepth ?? MAX_EVAL_DEPTH, depth: 0, reuse, taint: 0, skipped: 0, looked: 0, peak: 0,
  };
  let named = NO_LOOPS;
  if (options?.copyIndexes) {
    const loops = new Map<string, Value>();
    for (const [k, v] of Object.entries(options.copyIndexes)) loops.set(k.toLowerCase(), v);
    named = loops;
  }
  try {
    const value = f(ctx, { scope, unnamedIndex: options?.copyIndex, named });
    // Taking values is exact only when computing them could have met no limit, and nothing this evaluation
    // computed itself is tainted (a taken value computed here would have read it).
    return { value, redo: ctx.skipped > 0 && (ctx.taint > 0 || ctx.steps + ctx.skipped > ctx.maxSteps || ctx.peak > ctx.maxDepth) };
  } catch (e) {
    // Backstop (e.g. stack exhaustion on absurd input): never throw to callers.
    return { value: new Unknown(`evaluation failed: ${(e as Error)?.message ?? String(e)}`), redo: ctx.skipped > 0 };
  }
}

/** Returns an Unknown when the budget or depth is exhausted. */
function enter(ctx: Ctx): Unknown | undefined {
  if (++ctx.steps > ctx.maxSteps) return tainted(ctx, new Unknown('evaluation step budget exceeded'));
  if (ctx.depth >= ctx.maxDepth) return tainted(ctx, new Unknown('evaluation nested too deeply'));
  if (++ctx.depth > ctx.peak) ctx.peak = ctx.depth;
  return undefined;
}

function tainted(ctx: Ctx, u: Unknown): Unknown {
  ctx.taint++;
  return u;
}

function evalString(s: string, frame: Frame, ctx: Ctx): Value {
  if (!isExpression(s)) return unescapeLiteral(s);
  const r = parseExpression(s);
  if (!r.ok) return new Unknown(`invalid expression: ${r.message} at offset ${r.offset}`);
  return evalExpr(r.expr, frame, ctx);
}

function evalJson(v: unknown, frame: Frame, ctx: Ctx, inVariable: boolean): Value {
  const stop = enter(ctx);
  if (stop) return stop;
  try {
    if (typeof v === 'string') return evalString(v, frame, ctx);
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
    if (Array.isArray(v)) return v.map((x) => evalJson(x, frame, ctx, inVariable));
    if (typeof v !== 'object') return new Unknown('not a JSON value');
    const out: { [k: string]: Value } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (inVariable && k.toLowerCase() === 'copy' && Array.isArray(x)) {
        // Variable iteration: each entry defines property `name` as an array.
        for (const decl of x) {
          if (isPlainObject(decl) && typeof decl.name === 'string') out[decl.name] = expandCopy(decl, frame, ctx);
        }
        continue;
      }
      // Property names may be expressions; symbolic ones keep their raw text.
      const key = isExpression(k) ? evalString(k, frame, ctx) : unescapeLiteral(k);
      out[typeof key === 'string' ? key : k] = evalJson(x, frame, ctx, inVariable);
    }
    return out;
  } finally {
    ctx.depth--;
  }
}

function expandCopy(decl: Record<string, unknown>, frame: Frame, ctx: Ctx): Value {
  const name = String(decl.name);
  const count = evalJson(decl.count, frame, ctx, false);
  if (typeof count !== 'number' || !Number.isInteger(count)) return new Unknown(`copy '${name}': count is not a known integer`);
  if (count < 0 || count > MAX_COPY_COUNT) return new Unknown(`copy '${name}': count ${count} out of range`);
  const out: Value[] = [];
  for (let i = 0; i < count; i++) {
    const named = new Map(frame.named);
    named.set(name.toLowerCase(), i);
    out.push(evalJson(decl.input, { scope: frame.scope, unnamedIndex: i, named }, ctx, true));
  }
  return out;
}

function evalExpr(expr: Expr, frame: Frame, ctx: Ctx): Value {
  const stop = enter(ctx);
  if (stop) return stop;
  try {
    switch (expr.kind) {
      case 'string':
      case 'number':
      case 'boolean':
        return expr.value;
      case 'null':
        return null;
      case 'property':
        return accessProperty(evalExpr(expr.object, frame, ctx), expr.name);
      case 'index':
        return accessIndex(evalExpr(expr.object, frame, ctx), evalExpr(expr.index, frame, ctx));
      case 'call':
        return evalCall(expr, frame, ctx);
    }
  } finally {
    ctx.depth--;
  }
}

function accessProperty(obj: Value, name: string): Value {
  if (obj instanceof Unknown) return obj;
  if (isPlainObject(obj)) return getProperty(obj, name) ?? new Unknown(`property '${name}' not found`);
  const sym = singleSymbol(obj);
  if (sym !== undefined) return symbolValue(`${sym}.${name.toLowerCase()}`);
  return new Unknown(`cannot read property '${name}' of a ${describe(obj)}`);
}

function accessIndex(obj: Value, index: Value): Value {
  if (obj instanceof Unknown) return obj;
  if (index instanceof Unknown) return index;
  if (Array.isArray(obj) && typeof index === 'number') {
    return Number.isInteger(index) && index >= 0 && index < obj.length ? obj[index] : new Unknown(`index ${index} out of range`);
  }
  if (isPlainObject(obj) && typeof index === 'string') return accessProperty(obj, index);
  const sym = singleSymbol(obj);
  if (sym !== undefined) {
    // `x['name']` and `x.name` are the same in ARM: canonicalise to the dotted form.
    if (typeof index === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(index)) return symbolValue(`${sym}.${index.toLowerCase()}`);
    if (typeof index === 'string') return symbolValue(`${sym}[${quote(index.toLowerCase())}]`);
    const r = renderValue(index);
    if (r !== undefined) return symbolValue(`${sym}[${r}]`);
  }
  if ((Array.isArray(obj) || isPlainObject(obj)) && index instanceof Symbolic) {
    // e.g. `variables('names')[copyIndex()]`: stable symbol over the canonical container text
    // (bounded, since the container is spelled out in the symbol).
    const o = renderValue(obj);
    const i = renderValue(index);
    if (o !== undefined && i !== undefined && o.length <= MAX_RENDERED_CONTAINER) return symbolValue(`${o}[${i}]`);
  }
  return new Unknown(`cannot index a ${describe(obj)} with a ${describe(index)}`);
}

function describe(v: Value): string {
  if (v instanceof Symbolic) return 'symbolic value';
  if (v instanceof Unknown) return 'unknown value';
  if (Array.isArray(v)) return 'array';
  return v === null ? 'null' : typeof v;
}

function evalCall(expr: Extract<Expr, { kind: 'call' }>, frame: Frame, ctx: Ctx): Value {
  const name = expr.name.toLowerCase();
  if (name === 'if') return evalIf(expr.args, frame, ctx);
  const args = expr.args.map((a) => evalExpr(a, frame, ctx));
  if (name === 'parameters' || name === 'variables') {
    if (args.length !== 1) return new Unknown(`${name}() expects one argument`);
    const [n] = args;
    if (typeof n !== 'string') return n instanceof Unknown ? n : new Unknown(`${name}(): name is not a known string`);
    return name === 'parameters' ? lookupParameter(n, frame.scope, ctx) : lookupVariable(n, frame.scope, ctx);
  }
  if (name === 'copyindex') return copyIndex(args, frame);
  if (!ACCEPTS_UNKNOWN.has(name)) {
    const u = args.find((a) => a instanceof Unknown);
    if (u) return u;
  }
  const fn = FUNCTIONS[name];
  let result: Value | typeof UNRESOLVED = UNRESOLVED;
  if (fn) {
    try {
      result = fn(args);
    } catch (e) {
      return new Unknown(`${expr.name}: evaluation failed (${(e as Error)?.message ?? e})`);
    }
  }
  return result === UNRESOLVED ? callSymbol(name, args) : result;
}

/** Canonical symbol for a deterministic call whose value is not statically known. */
function callSymbol(name: string, args: Value[]): Value {
  if (NONDETERMINISTIC.has(name)) return new Unknown(`${name}() differs on every call`);
  const rendered: string[] = [];
  for (const a of args) {
    const r = renderValue(a);
    if (r === undefined) return findUnknown(a) ?? new Unknown(`${name}: argument not known`);
    rendered.push(r);
  }
  return symbolValue(`${name}(${rendered.join(', ')})`);
}

/** `if` evaluates only the selected branch (as ARM does) when the condition is known. */
function evalIf(argExprs: Expr[], frame: Frame, ctx: Ctx): Value {
  if (argExprs.length !== 3) return new Unknown('if() expects three arguments');
  const cond = evalExpr(argExprs[0], frame, ctx);
  if (typeof cond === 'boolean') return evalExpr(argExprs[cond ? 1 : 2], frame, ctx);
  if (!(cond instanceof Symbolic) && !(cond instanceof Unknown)) return new Unknown('if(): condition is not a boolean');
  const a = evalExpr(argExprs[1], frame, ctx);
  const b = evalExpr(argExprs[2], frame, ctx);
  if (!(a instanceof Unknown) && valuesEqualStrict(a, b)) return a;
  return cond instanceof Symbolic ? callSymbol('if', [cond, a, b]) : cond;
}

function valuesEqualStrict(a: Value, b: Value): boolean {
  // A container renders as `createarray(...)`/`createobject(...)`, a null, boolean, number or string never does:
  // `if(<unknown>, variables('profile'), json('null'))` need not render the profile to tell.
  if (isContainer(a) !== isContainer(b) && (isPrimitive(a) || isPrimitive(b))) return false;
  const ra = renderValue(a);
  return ra !== undefined && ra === renderValue(b);
}

const isContainer = (v: Value): boolean => Array.isArray(v) || isPlainObject(v);
const isPrimitive = (v: Value): boolean => v === null || typeof v !== 'object';

function copyIndex(args: Value[], frame: Frame): Value {
  const u = args.find((a) => a instanceof Unknown);
  if (u) return u;
  let loop: string | undefined;
  let offset: Value = 0;
  if (args.length > 2) return new Unknown('copyIndex() expects at most two arguments');
  if (typeof args[0] === 'string') {
    loop = args[0];
    if (args.length === 2) offset = args[1];
  } else if (args.length === 2) {
    return new Unknown('copyIndex(): loop name must be a string');
  } else if (args.length === 1) {
    offset = args[0];
  }
  const base = loop === undefined ? frame.unnamedIndex : frame.named.get(loop.toLowerCase());
  if (typeof base === 'number' && typeof offset === 'number') return base + offset;
  if (base !== undefined && !(base instanceof Symbolic)) {
    if (base instanceof Unknown) return base;
    return callSymbol('add', [base, offset]);
  }
  const canonical: Value[] = loop === undefined ? [] : [loop.toLowerCase()];
  if (offset !== 0) canonical.push(offset);
  const sym = callSymbol('copyindex', canonical);
  return base instanceof Symbolic ? callSymbol('add', [base, offset]) : sym;
}

/** Finds a declaration by case-insensitive name, walking up to parent scopes. */
function lookup(section: 'parameters' | 'variables', name: string, scope: EvalScope): { scope: EvalScope; key: string; decl: unknown } | undefined {
  const lower = name.toLowerCase();
  for (let s: EvalScope | undefined = scope; s; s = s.parent) {
    const sec = s[section];
    if (!isPlainObject(sec)) continue;
    if (section === 'variables' && Array.isArray(sec.copy)) {
      const decl = sec.copy.find((d) => isPlainObject(d) && typeof d.name === 'string' && d.name.toLowerCase() === lower);
      if (decl) return { scope: s, key: `copy:${lower}`, decl: { copyDecl: decl } };
    }
    const k = section === 'variables' && lower === 'copy' ? undefined : namesOf(s, sec).get(lower);
    if (k !== undefined) return { scope: s, key: lower, decl: sec[k] };
  }
  return undefined;
}

/** Lower-cased name → the first key of `section` (of `scope`) spelled so; built once (sections are never mutated). */
function namesOf(scope: EvalScope, section: object): Map<string, string> {
  const indexes = scopeMemo(scope).names;
  let names = indexes.get(section);
  if (!names) {
    names = new Map();
    for (const k of Object.keys(section)) {
      const lower = k.toLowerCase();
      if (!names.has(lower)) names.set(lower, k);
    }
    indexes.set(section, names);
  }
  return names;
}

function memo(ctx: Ctx, scope: EvalScope, key: string, compute: () => Value): Value {
  let state = ctx.scopes?.get(scope);
  const hit = state?.cache.get(key);
  if (hit !== undefined) {
    looked(ctx, state!.bounds.get(key));
    return hit;
  }
  if (state?.active.has(key)) return tainted(ctx, new Unknown(`${CYCLE}${key} refers to itself`));
  const settled = scopeMemo(scope).settled;
  const earlier = ctx.reuse ? settled.get(key) : undefined;
  if (earlier) {
    // Not cached here: taking it again costs as little, and its bounds are counted again (an upper bound still).
    ctx.skipped += earlier.steps;
    looked(ctx, earlier);
    return earlier.value;
  }
  if (!state) {
    ctx.scopes ??= new Map();
    ctx.scopes.set(scope, (state = { cache: new Map(), bounds: new Map(), active: new Set() }));
  }
  state.active.add(key);
  const taint = ctx.taint;
  const steps = ctx.steps + ctx.looked;
  const depth = ctx.depth;
  const peak = ctx.peak;
  ctx.peak = depth;
  try {
    const v = compute();
    state.cache.set(key, v);
    if (ctx.taint === taint) {
      const own: Settled = { value: v, steps: ctx.steps + ctx.looked - steps, depth: ctx.peak - depth };
      state.bounds.set(key, own);
      settled.set(key, own);
    }
    return v;
  } finally {
    state.active.delete(key);
    if (peak > ctx.peak) ctx.peak = peak;
  }
}

/** Accounts for a value looked up instead of computed: its bounds, or a taint when it is not settled. */
function looked(ctx: Ctx, bound: Settled | undefined): void {
  if (!bound) {
    ctx.taint++;
    return;
  }
  ctx.looked += bound.steps;
  if (ctx.depth + bound.depth > ctx.peak) ctx.peak = ctx.depth + bound.depth;
}

function lookupParameter(name: string, scope: EvalScope, ctx: Ctx): Value {
  const found = lookup('parameters', name, scope);
  if (!found) return new Unknown(`parameter '${name}' is not declared`);
  const symbol = () => symbolValue(`parameters(${quote(name.toLowerCase())})`);
  return memo(ctx, found.scope, `p:${found.key}`, () => {
    const decl = found.decl;
    if (!isPlainObject(decl) || !('defaultValue' in decl)) return symbol();
    const v = evalJson(decl.defaultValue, { scope: found.scope, named: NO_LOOPS }, ctx, false);
    // The parameter has *one* value even if its default is not knowable (e.g. newGuid()).
    if (v instanceof Unknown) return v.reason.startsWith(CYCLE) ? v : symbol();
    // A default of the wrong type (e.g. object param defaulting to "") is a placeholder the
    // deployer must override, so the default tells us nothing.
    const typed = coerceToDeclaredType(v, decl.type);
    return typed === undefined ? symbol() : typed;
  });
}

/** The default as the declared type sees it (ARM converts "3600" for an int), or undefined on mismatch. */
function coerceToDeclaredType(v: Value, type: unknown): Value | undefined {
  if (v instanceof Symbolic || v === null || typeof type !== 'string') return v;
  switch (type.toLowerCase()) {
    case 'string': case 'securestring':
      return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    case 'int':
      return typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? parseInt(v, 10) : undefined;
    case 'bool':
      return typeof v === 'boolean' ? v : typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : undefined;
    case 'array': return Array.isArray(v) ? v : undefined;
    case 'object': case 'secureobject': return isPlainObject(v) ? v : undefined;
    default: return v;
  }
}

function lookupVariable(name: string, scope: EvalScope, ctx: Ctx): Value {
  const found = lookup('variables', name, scope);
  if (!found) return new Unknown(`variable '${name}' is not declared`);
  return memo(ctx, found.scope, `v:${found.key}`, () => {
    const frame: Frame = { scope: found.scope, named: NO_LOOPS };
    const copyDecl = found.key.startsWith('copy:') ? (found.decl as { copyDecl: Record<string, unknown> }).copyDecl : undefined;
    const v = copyDecl
      ? expandCopy(copyDecl, frame, ctx)
      : evalJson(found.decl, frame, ctx, true);
    return v instanceof Unknown && !v.reason.startsWith(CYCLE) && !v.reason.startsWith('evaluation')
      ? symbolValue(`variables(${quote(name.toLowerCase())})`)
      : v;
  });
}

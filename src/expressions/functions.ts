/**
 * Context-free ARM template functions over already-evaluated arguments.
 *
 * Each implementation returns a Value, or UNRESOLVED when the (partly symbolic)
 * arguments do not determine the result; the evaluator then turns the call into a
 * canonical symbol. Genuine ARM errors (bad types, out of range) return Unknown.
 * Context-dependent functions (parameters, variables, copyIndex, if) live in evaluator.ts.
 */
import {
  findUnknown, getProperty, isFullyKnown, isPlainObject, makeString, Symbolic, SymbolPart,
  toArmStringParts, Unknown, Value, valuesEqual,
} from './values';

export const UNRESOLVED: unique symbol = Symbol('unresolved');
export type FnResult = Value | typeof UNRESOLVED;
type Fn = (args: Value[]) => FnResult;

/** Size caps so hostile templates cannot make the evaluator allocate without bound. */
export const MAX_STRING_LENGTH = 1_000_000;
export const MAX_ARRAY_LENGTH = 100_000;

/** Functions whose value differs per call: never turned into (shared) symbols. */
export const NONDETERMINISTIC = new Set(['newguid', 'utcnow', 'rand']);

/** Functions that receive Unknown arguments themselves (they may not need them). */
export const ACCEPTS_UNKNOWN = new Set(['and', 'or', 'coalesce', 'createarray', 'createobject', 'equals', 'contains']);

const bad = (fn: string, why: string) => new Unknown(`${fn}: ${why}`);
const isStr = (v: Value): v is string => typeof v === 'string';
const isInt = (v: Value): v is number => typeof v === 'number' && Number.isInteger(v);
const isStrLike = (v: Value): v is string | Symbolic => typeof v === 'string' || v instanceof Symbolic;

function capped(fn: string, v: Value): Value {
  if (typeof v === 'string' && v.length > MAX_STRING_LENGTH) return bad(fn, 'result string too large');
  if (Array.isArray(v) && v.length > MAX_ARRAY_LENGTH) return bad(fn, 'result array too large');
  if (v instanceof Symbolic && v.parts.reduce((n, p) => n + (typeof p === 'string' ? p.length : p.symbol.length), 0) > MAX_STRING_LENGTH) {
    return bad(fn, 'result string too large');
  }
  return v;
}

/** Wraps a symbol in tolower/toupper, dropping an existing case wrapper (idempotent). */
function caseSymbol(kind: 'tolower' | 'toupper', symbol: string): string {
  const m = /^(tolower|toupper)\((.*)\)$/s.exec(symbol);
  return `${kind}(${m && balanced(m[2]) ? m[2] : symbol})`;
}
function balanced(s: string): boolean {
  let depth = 0;
  let inStr = false;
  for (const c of s) {
    if (c === "'") inStr = !inStr;
    else if (!inStr && c === '(') depth++;
    else if (!inStr && c === ')' && --depth < 0) return false;
  }
  return depth === 0 && !inStr;
}

function changeCase(kind: 'tolower' | 'toupper', v: Value): FnResult {
  const conv = (s: string) => (kind === 'tolower' ? s.toLowerCase() : s.toUpperCase());
  if (isStr(v)) return conv(v);
  if (v instanceof Symbolic) return makeString(v.parts.map((p) => (typeof p === 'string' ? conv(p) : { symbol: caseSymbol(kind, p.symbol) })));
  return bad(kind, 'argument is not a string');
}

function concat(args: Value[]): FnResult {
  if (args.some(Array.isArray)) {
    if (args.some((a) => a instanceof Symbolic)) return UNRESOLVED;
    if (!args.every((a) => Array.isArray(a) || a === null)) return bad('concat', 'cannot mix arrays and non-arrays');
    return capped('concat', ([] as Value[]).concat(...args.filter((a): a is Value[] => Array.isArray(a))));
  }
  const parts: SymbolPart[] = [];
  for (const a of args) {
    const p = a === null ? [''] : toArmStringParts(a);
    if (!p) return bad('concat', 'argument is not a string or array');
    parts.push(...p);
  }
  return capped('concat', makeString(parts));
}

/** .NET composite formatting: `{index[,alignment][:format]}` with `{{`/`}}` escapes. */
function format(args: Value[]): FnResult {
  const [fmt, ...rest] = args;
  if (fmt instanceof Symbolic) return UNRESOLVED;
  if (!isStr(fmt)) return bad('format', 'format string is not a string');
  const parts: SymbolPart[] = [];
  let lit = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '}') {
      if (fmt[i + 1] !== '}') return bad('format', "unmatched '}'");
      lit += '}';
      i++;
    } else if (c !== '{') {
      lit += c;
    } else if (fmt[i + 1] === '{') {
      lit += '{';
      i++;
    } else {
      const close = fmt.indexOf('}', i);
      const m = close < 0 ? null : /^\{\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::([^{}]*))?\}$/.exec(fmt.slice(i, close + 1));
      if (!m) return bad('format', 'malformed placeholder');
      const n = Number(m[1]);
      if (n >= rest.length) return bad('format', `placeholder {${n}} has no argument`);
      const piece = formatItem(rest[n], m[3]);
      if (piece instanceof Unknown) return piece;
      const align = m[2] === undefined ? 0 : Number(m[2]);
      if (align !== 0) {
        if (typeof piece !== 'string') return UNRESOLVED;
        const pad = ' '.repeat(Math.max(0, Math.min(Math.abs(align), 10_000) - piece.length));
        lit += align > 0 ? pad + piece : piece + pad;
      } else if (typeof piece === 'string') {
        lit += piece;
      } else {
        parts.push(lit, ...piece);
        lit = '';
      }
      i = close;
    }
  }
  parts.push(lit);
  return capped('format', makeString(parts));
}

function formatItem(v: Value, spec: string | undefined): string | SymbolPart[] | Unknown {
  if (v instanceof Unknown) return v;
  if (spec === undefined || spec === '') {
    const parts = toArmStringParts(v);
    if (!parts) return v === null ? '' : bad('format', 'argument is not a string or number');
    return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : parts;
  }
  // Only the integer "D<n>" specifier is modelled; others depend on .NET culture rules.
  const d = /^[dD](\d{0,3})$/.exec(spec);
  if (d && isInt(v)) {
    const s = String(Math.abs(v)).padStart(Number(d[1] || 0), '0');
    return v < 0 ? `-${s}` : s;
  }
  return bad('format', `format specifier '${spec}' is not supported`);
}

function toArmString(v: Value): FnResult {
  if (isStrLike(v)) return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return bad('string', 'string(null) is not modelled');
  if (!isFullyKnown(v)) return UNRESOLVED;
  return capped('string', JSON.stringify(v)); // ARM serialises objects/arrays compactly
}

function splitString(s: string, delims: string[]): string[] {
  const ds = delims.filter((d) => d !== '');
  if (ds.length === 0) return [s];
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length;) {
    const d = ds.find((x) => s.startsWith(x, i));
    if (d !== undefined) {
      out.push(cur);
      cur = '';
      i += d.length;
    } else {
      cur += s[i++];
    }
  }
  out.push(cur);
  return out;
}

function contains(container: Value, item: Value): FnResult {
  if (container instanceof Unknown) return container;
  if (isStrLike(container)) {
    if (item instanceof Unknown) return item;
    const needle = typeof item === 'number' ? String(item) : item;
    if (!isStr(needle)) return needle instanceof Symbolic ? UNRESOLVED : bad('contains', 'item is not a string');
    if (isStr(container)) return container.includes(needle);
    return container.parts.some((p) => typeof p === 'string' && p.includes(needle)) ? true : UNRESOLVED;
  }
  if (Array.isArray(container)) {
    let undecided = false;
    for (const x of container) {
      const e = valuesEqual(x, item);
      if (e === true) return true;
      if (e === undefined) undecided = true;
    }
    return undecided ? (findUnknown(item) ?? UNRESOLVED) : false;
  }
  if (isPlainObject(container)) {
    if (item instanceof Unknown) return item;
    if (!isStr(item)) return item instanceof Symbolic ? UNRESOLVED : bad('contains', 'key is not a string');
    return getProperty(container, item) !== undefined;
  }
  return bad('contains', 'container is not a string, array or object');
}

function deepMerge(a: { [k: string]: Value }, b: { [k: string]: Value }): { [k: string]: Value } {
  const out: { [k: string]: Value } = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const existing = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase());
    const key = existing ?? k;
    out[key] = existing !== undefined && isPlainObject(out[key]) && isPlainObject(v) ? deepMerge(out[key] as { [k: string]: Value }, v) : v;
  }
  return out;
}

function union(args: Value[]): FnResult {
  if (args.some((a) => a instanceof Symbolic)) return UNRESOLVED;
  if (args.every(isPlainObject)) return args.reduce((acc: { [k: string]: Value }, o) => deepMerge(acc, o as { [k: string]: Value }), {});
  if (!args.every(Array.isArray)) return bad('union', 'arguments must be all objects or all arrays');
  const out: Value[] = [];
  for (const x of (args as Value[][]).flat()) {
    let dup = false;
    for (const y of out) {
      const e = valuesEqual(x, y);
      if (e === undefined) return UNRESOLVED;
      if (e) { dup = true; break; }
    }
    if (!dup) out.push(x);
    if (out.length > MAX_ARRAY_LENGTH) return bad('union', 'result array too large');
  }
  return out;
}

/**
 * `/providers/Ns/type1/name1/type2/name2`. Names may themselves hold `a/b` (ARM accepts
 * one argument covering several segments), so names are joined and re-split on '/'.
 */
function providerPath(fn: string, type: string, names: Value[]): { parts: SymbolPart[] } | FnResult {
  const typeSegs = type.split('/').filter((t) => t !== ''); // ARM tolerates 'Ns/type/'
  const joined: SymbolPart[] = [];
  for (const [i, n] of names.entries()) {
    const p = toArmStringParts(n);
    if (!p) return n instanceof Unknown ? n : bad(fn, 'resource name is not a string');
    if (i > 0) joined.push('/');
    joined.push(...p);
  }
  const segments: SymbolPart[][] = [[]];
  for (const p of joined) {
    if (typeof p !== 'string') { segments[segments.length - 1].push(p); continue; }
    const pieces = p.split('/');
    pieces.forEach((piece, j) => {
      if (j > 0) segments.push([]);
      segments[segments.length - 1].push(piece);
    });
  }
  if (names.length === 0 || segments.length !== typeSegs.length - 1) {
    return joined.some((p) => typeof p !== 'string') ? UNRESOLVED : bad(fn, `type '${type}' needs ${typeSegs.length - 1} name(s)`);
  }
  const out: SymbolPart[] = [`/providers/${typeSegs[0]}`];
  segments.forEach((seg, i) => out.push(`/${typeSegs[i + 1]}/`, ...seg));
  return { parts: out };
}

const isParts = (r: unknown): r is { parts: SymbolPart[] } => typeof r === 'object' && r !== null && 'parts' in r && !(r instanceof Symbolic);
const isNums = (r: unknown): r is { nums: number[] } => typeof r === 'object' && r !== null && 'nums' in r;

const SUB_SYMBOL = { symbol: 'subscription().subscriptionid' };
const RG_SYMBOL = { symbol: 'resourcegroup().name' };

function scopeParts(fn: string, v: Value): SymbolPart[] | Unknown {
  return toArmStringParts(v) ?? (v instanceof Unknown ? v : bad(fn, 'scope argument is not a string'));
}

function resourceIdFamily(fn: string, args: Value[]): FnResult {
  const unknown = args.find((a) => a instanceof Unknown);
  if (unknown) return unknown;
  if (fn === 'extensionresourceid') {
    if (args.length < 3 || !isStr(args[1])) return args[1] instanceof Symbolic ? UNRESOLVED : bad(fn, 'expects (resourceId, type, names...)');
    const base = scopeParts(fn, args[0]);
    if (base instanceof Unknown) return base;
    const path = providerPath(fn, args[1], args.slice(2));
    return isParts(path) ? makeString([...base, ...path.parts]) : path;
  }
  // The resource type is the first argument that is a known string containing '/'.
  const t = args.findIndex((a) => isStr(a) && a.includes('/'));
  if (t < 0) return args.some((a) => a instanceof Symbolic) ? UNRESOLVED : bad(fn, 'no resource type argument');
  const path = providerPath(fn, args[t] as string, args.slice(t + 1));
  if (!isParts(path)) return path;
  const lead = args.slice(0, t).map((a) => scopeParts(fn, a));
  const u = lead.find((l) => l instanceof Unknown);
  if (u) return u as Unknown;
  const [first, second] = lead as SymbolPart[][];
  if (fn === 'tenantresourceid') return t === 0 ? makeString(path.parts) : bad(fn, 'unexpected arguments before the resource type');
  if (fn === 'subscriptionresourceid') {
    if (t > 1) return bad(fn, 'too many arguments before the resource type');
    return makeString(['/subscriptions/', ...(first ?? [SUB_SYMBOL]), ...path.parts]);
  }
  if (t > 2) return bad(fn, 'too many arguments before the resource type');
  const sub = t === 2 ? first : [SUB_SYMBOL];
  const rg = t === 2 ? second : t === 1 ? first : [RG_SYMBOL];
  return makeString(['/subscriptions/', ...sub, '/resourceGroups/', ...rg, ...path.parts]);
}

function uri(base: Value, rel: Value): FnResult {
  if (isStr(base) && isStr(rel)) {
    try {
      return new URL(rel, base).href;
    } catch {
      return bad('uri', 'invalid URI');
    }
  }
  // `uri(<symbolic ending in '/'>, 'a/b')` is plain concatenation for simple relative paths.
  if (base instanceof Symbolic && isStr(rel) && !rel.startsWith('/') && !rel.includes(':') && !rel.split(/[?#]/)[0].split('/').some((s) => s === '..' || s === '.')) {
    const last = base.parts[base.parts.length - 1];
    if (typeof last === 'string' && last.endsWith('/') && !base.parts.some((p) => typeof p === 'string' && /[?#]/.test(p))) {
      return makeString([...base.parts, rel]);
    }
  }
  return isStrLike(base) && isStrLike(rel) ? UNRESOLVED : bad('uri', 'arguments must be strings');
}

function ints(fn: string, args: Value[], n: number): { nums: number[] } | FnResult {
  if (args.length !== n) return bad(fn, `expects ${n} arguments`);
  if (args.some((a) => a instanceof Symbolic)) return UNRESOLVED;
  if (!args.every(isInt)) return bad(fn, 'arguments must be integers');
  return { nums: args as number[] };
}
const arith = (fn: string, op: (a: number, b: number) => Value): Fn => (args) => {
  const r = ints(fn, args, 2);
  return isNums(r) ? op(r.nums[0], r.nums[1]) : r;
};
const compare = (fn: string, test: (c: number) => boolean): Fn => ([a, b]) => {
  if (a instanceof Symbolic || b instanceof Symbolic) return UNRESOLVED;
  if (isInt(a) && isInt(b)) return test(a - b);
  if (isStr(a) && isStr(b)) return test(a < b ? -1 : a > b ? 1 : 0);
  return bad(fn, 'arguments must be two integers or two strings');
};
const strFn = (fn: string, f: (s: string, rest: Value[]) => FnResult): Fn => ([s, ...rest]) =>
  isStr(s) ? f(s, rest) : s instanceof Symbolic ? UNRESOLVED : bad(fn, 'argument is not a string');
const seqFn = (fn: string, f: (s: string | Value[], rest: Value[]) => FnResult): Fn => ([s, ...rest]) =>
  isStr(s) || Array.isArray(s) ? f(s, rest) : s instanceof Symbolic ? UNRESOLVED : bad(fn, 'argument is not a string or array');
const minmax = (fn: string, pick: (...n: number[]) => number): Fn => (args) => {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.some((a) => a instanceof Symbolic)) return UNRESOLVED;
  return list.length > 0 && list.every(isInt) ? pick(...(list as number[])) : bad(fn, 'arguments must be integers');
};

export const FUNCTIONS: Record<string, Fn> = {
  concat,
  format,
  tolower: ([v]) => changeCase('tolower', v),
  toupper: ([v]) => changeCase('toupper', v),
  string: ([v]) => toArmString(v),
  replace: ([s, a, b]) => {
    if (!isStrLike(s) || !isStrLike(a) || !isStrLike(b)) return bad('replace', 'arguments must be strings');
    if (!isStr(s) || !isStr(a) || !isStr(b)) return UNRESOLVED;
    return a === '' ? bad('replace', 'empty search string') : capped('replace', s.split(a).join(b));
  },
  split: strFn('split', (s, [d]) => {
    const delims = Array.isArray(d) ? d : [d];
    if (delims.some((x) => x instanceof Symbolic)) return UNRESOLVED;
    return delims.every(isStr) ? splitString(s, delims as string[]) : bad('split', 'delimiter is not a string');
  }),
  first: ([v]) => {
    if (Array.isArray(v)) return v.length ? v[0] : null;
    if (isStr(v)) return v.slice(0, 1);
    if (v instanceof Symbolic) return typeof v.parts[0] === 'string' ? v.parts[0][0] : UNRESOLVED;
    return bad('first', 'argument is not a string or array');
  },
  last: ([v]) => {
    if (Array.isArray(v)) return v.length ? v[v.length - 1] : null;
    if (isStr(v)) return v.slice(-1);
    const tail = v instanceof Symbolic ? v.parts[v.parts.length - 1] : undefined;
    if (v instanceof Symbolic) return typeof tail === 'string' ? tail.slice(-1) : UNRESOLVED;
    return bad('last', 'argument is not a string or array');
  },
  length: ([v]) => {
    if (isStr(v) || Array.isArray(v)) return v.length;
    if (isPlainObject(v)) return Object.keys(v).length;
    return v instanceof Symbolic ? UNRESOLVED : v instanceof Unknown ? v : bad('length', 'argument has no length');
  },
  substring: strFn('substring', (s, [start, len]) => {
    if (start instanceof Symbolic || len instanceof Symbolic) return UNRESOLVED;
    const from = start === undefined ? 0 : start;
    const count = len === undefined ? (isInt(from) ? s.length - from : 0) : len;
    if (!isInt(from) || !isInt(count)) return bad('substring', 'start and length must be integers');
    if (from < 0 || count < 0 || from + count > s.length) return bad('substring', 'index out of range');
    return s.substr(from, count);
  }),
  trim: strFn('trim', (s) => s.trim()),
  empty: ([v]) => {
    if (v === null || v === '') return true;
    if (isStr(v) || typeof v === 'number' || typeof v === 'boolean') return false;
    if (Array.isArray(v)) return v.length === 0;
    if (isPlainObject(v)) return Object.keys(v).length === 0;
    if (v instanceof Symbolic) return v.parts.some((p) => typeof p === 'string' && p !== '') ? false : UNRESOLVED;
    return v;
  },
  equals: ([a, b]) => {
    const e = valuesEqual(a, b);
    return e !== undefined ? e : (findUnknown(a) ?? findUnknown(b) ?? UNRESOLVED);
  },
  not: ([v]) => (typeof v === 'boolean' ? !v : v instanceof Symbolic ? UNRESOLVED : bad('not', 'argument is not a boolean')),
  and: (args) => logic('and', args, false),
  or: (args) => logic('or', args, true),
  bool: ([v]) => {
    if (typeof v === 'boolean') return v;
    if (isInt(v)) return v !== 0;
    if (isStr(v) && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    return v instanceof Symbolic ? UNRESOLVED : bad('bool', 'cannot convert to boolean');
  },
  int: ([v]) => {
    if (isInt(v)) return v;
    if (isStr(v) && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
    return v instanceof Symbolic ? UNRESOLVED : bad('int', 'cannot convert to integer');
  },
  contains: ([c, i]) => contains(c, i),
  json: ([v]) => {
    if (v instanceof Symbolic) return UNRESOLVED;
    if (!isStr(v)) return bad('json', 'argument is not a string');
    if (v.length > MAX_STRING_LENGTH) return bad('json', 'input too large');
    try {
      return JSON.parse(v) as Value;
    } catch {
      return bad('json', 'invalid JSON');
    }
  },
  createarray: (args) => args,
  createobject: (args) => {
    if (args.length % 2 !== 0) return bad('createObject', 'expects key/value pairs');
    const out: { [k: string]: Value } = {};
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i];
      if (k instanceof Unknown) return k;
      if (!isStr(k)) return k instanceof Symbolic ? UNRESOLVED : bad('createObject', 'key is not a string');
      out[k] = args[i + 1];
    }
    return out;
  },
  union,
  coalesce: (args) => {
    for (const a of args) if (a !== null) return a; // Unknown stops the scan: it might be null
    return null;
  },
  resourceid: (args) => resourceIdFamily('resourceid', args),
  subscriptionresourceid: (args) => resourceIdFamily('subscriptionresourceid', args),
  tenantresourceid: (args) => resourceIdFamily('tenantresourceid', args),
  extensionresourceid: (args) => resourceIdFamily('extensionresourceid', args),
  uri: ([b, r]) => uri(b, r),
  range: (args) => {
    const r = ints('range', args, 2);
    if (!isNums(r)) return r;
    const [start, count] = r.nums;
    if (count < 0 || count > 10_000) return bad('range', 'count must be between 0 and 10000');
    return Array.from({ length: count }, (_, i) => start + i);
  },
  take: seqFn('take', (s, [n]) => (isInt(n) ? s.slice(0, Math.max(0, n)) : n instanceof Symbolic ? UNRESOLVED : bad('take', 'count is not an integer'))),
  skip: seqFn('skip', (s, [n]) => (isInt(n) ? s.slice(Math.max(0, n)) : n instanceof Symbolic ? UNRESOLVED : bad('skip', 'count is not an integer'))),
  // ARM documents indexOf/lastIndexOf/startsWith/endsWith as case-insensitive.
  indexof: strFn('indexOf', (s, [x]) => (isStr(x) ? s.toLowerCase().indexOf(x.toLowerCase()) : UNRESOLVED)),
  lastindexof: strFn('lastIndexOf', (s, [x]) => (isStr(x) ? s.toLowerCase().lastIndexOf(x.toLowerCase()) : UNRESOLVED)),
  startswith: ([s, x]) => affix(s, x, true),
  endswith: ([s, x]) => affix(s, x, false),
  padleft: ([v, n, c]) => {
    const s = isInt(v) ? String(v) : v;
    if (!isStr(s) || !isInt(n) || (c !== undefined && !isStr(c))) return [v, n, c].some((x) => x instanceof Symbolic) ? UNRESOLVED : bad('padLeft', 'bad arguments');
    const pad = c === undefined ? ' ' : (c as string);
    if (pad.length !== 1 || n > MAX_STRING_LENGTH) return bad('padLeft', 'bad padding');
    return s.padStart(n, pad);
  },
  min: minmax('min', Math.min),
  max: minmax('max', Math.max),
  add: arith('add', (a, b) => a + b),
  sub: arith('sub', (a, b) => a - b),
  mul: arith('mul', (a, b) => a * b),
  div: arith('div', (a, b) => (b === 0 ? bad('div', 'division by zero') : Math.trunc(a / b))),
  mod: arith('mod', (a, b) => (b === 0 ? bad('mod', 'division by zero') : a % b)),
  less: compare('less', (c) => c < 0),
  lessorequals: compare('lessOrEquals', (c) => c <= 0),
  greater: compare('greater', (c) => c > 0),
  greaterorequals: compare('greaterOrEquals', (c) => c >= 0),
  true: () => true,
  false: () => false,
  null: () => null,
  array: ([v]) => (Array.isArray(v) ? v : v instanceof Symbolic ? UNRESOLVED : [v]),
  base64: strFn('base64', (s) => Buffer.from(s, 'utf8').toString('base64')),
  base64tostring: strFn('base64ToString', (s) => Buffer.from(s, 'base64').toString('utf8')),
};

function logic(fn: string, args: Value[], dominant: boolean): FnResult {
  if (args.some((a) => a === dominant)) return dominant;
  const u = args.find((a) => a instanceof Unknown);
  if (u) return u;
  if (args.some((a) => a instanceof Symbolic)) return UNRESOLVED;
  return args.every((a) => typeof a === 'boolean') ? !dominant : bad(fn, 'arguments must be booleans');
}

function affix(s: Value, x: Value, start: boolean): FnResult {
  const fn = start ? 'startsWith' : 'endsWith';
  if (!isStrLike(s) || !isStrLike(x)) return bad(fn, 'arguments must be strings');
  if (!isStr(x)) return UNRESOLVED;
  const needle = x.toLowerCase();
  if (isStr(s)) return start ? s.toLowerCase().startsWith(needle) : s.toLowerCase().endsWith(needle);
  // Symbolic: decidable when the literal edge is long enough.
  const edge = s.parts[start ? 0 : s.parts.length - 1];
  if (typeof edge !== 'string') return UNRESOLVED;
  const e = edge.toLowerCase();
  if (e.length >= needle.length) return start ? e.startsWith(needle) : e.endsWith(needle);
  return (start ? needle.startsWith(e) : needle.endsWith(e)) ? UNRESOLVED : false;
}


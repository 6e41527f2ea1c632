/**
 * Values produced by the partial evaluator.
 *
 * - plain JSON values: fully known
 * - Symbolic: a string (or opaque runtime object such as `resourceGroup()`) made of literal
 *   pieces and opaque-but-stable symbols. Symbol texts are canonical: function, parameter,
 *   variable and property names lowercased (ARM treats them case-insensitively); string
 *   literal arguments keep their case (e.g. uniqueString is case-sensitive).
 * - Unknown: nothing useful is known.
 */
import { quote } from './printer';

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value } | Symbolic | Unknown;
export type SymbolPart = string | { symbol: string };

export class Unknown {
  constructor(readonly reason: string) {}
}

export class Symbolic {
  constructor(readonly parts: Array<string | { symbol: string }>) {}
}

/** Builds a string value from parts: merges adjacent literals; no symbols -> plain string. */
export function makeString(parts: SymbolPart[]): string | Symbolic {
  const out: SymbolPart[] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p === '') continue;
      const last = out[out.length - 1];
      if (typeof last === 'string') out[out.length - 1] = last + p;
      else out.push(p);
    } else {
      out.push({ symbol: p.symbol });
    }
  }
  if (out.every((p) => typeof p === 'string')) return (out as string[]).join('');
  return new Symbolic(out);
}

export function symbolValue(text: string): Symbolic {
  return new Symbolic([{ symbol: text }]);
}

/** The symbol text when `v` is exactly one opaque symbol (e.g. `resourcegroup()`). */
export function singleSymbol(v: Value): string | undefined {
  return v instanceof Symbolic && v.parts.length === 1 && typeof v.parts[0] !== 'string' ? v.parts[0].symbol : undefined;
}

// \u0000 delimits symbols; literal \u0000/\u0001 are escaped with \u0001 so keys are unambiguous.
const esc = (s: string) => s.replace(/[\u0000\u0001]/g, (c) => `\u0001${c}`);

/**
 * Canonical comparison key for strings and Symbolic values (undefined otherwise).
 * A plain string without NUL/\u0001 characters is its own key.
 */
export function symbolKey(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return esc(v);
  if (v instanceof Symbolic) return v.parts.map((p) => (typeof p === 'string' ? esc(p) : `\u0000${esc(p.symbol)}\u0000`)).join('');
  return undefined;
}

export function asKnownString(v: Value | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function isPlainObject(v: unknown): v is { [k: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Symbolic) && !(v instanceof Unknown);
}

/** True when `v` contains no Symbolic or Unknown anywhere (iterative: values may be deep). */
export function isFullyKnown(v: Value): boolean {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Symbolic || x instanceof Unknown) return false;
    if (Array.isArray(x)) stack.push(...x);
    else if (isPlainObject(x)) stack.push(...Object.values(x));
  }
  return true;
}

/** First Unknown inside `v`, if any. */
export function findUnknown(v: Value): Unknown | undefined {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Unknown) return x;
    if (Array.isArray(x)) stack.push(...x);
    else if (isPlainObject(x)) stack.push(...Object.values(x));
  }
  return undefined;
}

/**
 * Structural equality: true/false when decidable, undefined when symbols make it unknowable.
 * Strings compare case-sensitively (like ARM `equals`); object keys case-insensitively.
 */
export function valuesEqual(a: Value, b: Value): boolean | undefined {
  if (a instanceof Unknown || b instanceof Unknown) return undefined;
  const ka = symbolKey(a);
  const kb = symbolKey(b);
  if (ka !== undefined && kb !== undefined) {
    if (ka === kb) return true;
    if (typeof a === 'string' && typeof b === 'string') return false;
    return literalEdgesDiffer(a as string | Symbolic, b as string | Symbolic) ? false : undefined;
  }
  if (a instanceof Symbolic || b instanceof Symbolic) return undefined;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    if (a.length !== b.length) return false;
    let result: boolean | undefined = true;
    for (let i = 0; i < a.length; i++) {
      const e = valuesEqual(a[i], b[i]);
      if (e === false) return false;
      if (e === undefined) result = undefined;
    }
    return result;
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const keysA = Object.keys(a);
    if (keysA.length !== Object.keys(b).length) return false;
    let result: boolean | undefined = true;
    for (const k of keysA) {
      const other = getProperty(b, k);
      if (other === undefined) return false;
      const e = valuesEqual(a[k], other);
      if (e === false) return false;
      if (e === undefined) result = undefined;
    }
    return result;
  }
  return a === b;
}

/** Two strings certainly differ if their known leading or trailing literals are incompatible. */
function literalEdgesDiffer(a: string | Symbolic, b: string | Symbolic): boolean {
  const parts = (v: string | Symbolic) => (typeof v === 'string' ? [v] : v.parts);
  const pa = parts(a);
  const pb = parts(b);
  const head = (p: SymbolPart[]) => (typeof p[0] === 'string' ? p[0] : '');
  const tail = (p: SymbolPart[]) => (typeof p[p.length - 1] === 'string' ? (p[p.length - 1] as string) : '');
  const ha = head(pa), hb = head(pb), ta = tail(pa), tb = tail(pb);
  const prefixClash = !ha.startsWith(hb) && !hb.startsWith(ha);
  const suffixClash = !ta.endsWith(tb) && !tb.endsWith(ta);
  return prefixClash || suffixClash;
}

/** ARM property lookup: exact match first, then case-insensitive. */
export function getProperty(obj: { [k: string]: Value }, name: string): Value | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/**
 * Canonical expression text of a value, used to build symbol texts such as
 * `reference('x').primaryendpoints.blob`. Undefined if the value contains Unknown.
 */
export function renderValue(v: Value): string | undefined {
  if (v instanceof Unknown) return undefined;
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  if (v instanceof Symbolic) {
    const s = singleSymbol(v);
    if (s !== undefined) return s;
    const parts = v.parts.map((p) => (typeof p === 'string' ? quote(p) : p.symbol));
    return `concat(${parts.join(', ')})`;
  }
  const items: string[] = [];
  if (Array.isArray(v)) {
    for (const x of v) {
      const r = renderValue(x);
      if (r === undefined) return undefined;
      items.push(r);
    }
    return `createarray(${items.join(', ')})`;
  }
  for (const [k, x] of Object.entries(v)) {
    const r = renderValue(x);
    if (r === undefined) return undefined;
    items.push(quote(k.toLowerCase()), r);
  }
  return `createobject(${items.join(', ')})`;
}

/** ARM's string conversion as used by concat/format/string. Undefined when not convertible. */
export function toArmStringParts(v: Value): SymbolPart[] | undefined {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number') return [String(v)];
  if (typeof v === 'boolean') return [v ? 'True' : 'False'];
  if (v instanceof Symbolic) return v.parts;
  return undefined;
}

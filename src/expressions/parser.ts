/**
 * Parser for ARM template expressions (`"[concat('a', parameters('b'))]"`).
 *
 * Hand-written recursive descent over the raw string value. Recursion is bounded by
 * MAX_DEPTH so hostile input yields an error instead of a stack overflow, and every
 * production consumes input, so parsing is linear.
 */
import type { Expr } from './ast';
import { stringMemo } from './string-memo';

export type { Expr } from './ast';

export type ParseResult =
  | { ok: true; expr: Expr; text: string }
  | { ok: false; message: string; offset: number };

/** Deeper nesting than this is rejected (ARM itself would choke long before). */
export const MAX_DEPTH = 500;

/** Parser-produced nodes; the printer trusts source offsets only for these. */
export const parsedNodes = new WeakSet<object>();

/** A JSON string value is an expression iff it is `[...]` and does not start with `[[`. */
export function isExpression(value: string): boolean {
  return typeof value === 'string' && value.length >= 2 && value[0] === '[' && value[value.length - 1] === ']' && value[1] !== '[';
}

/** `[[x]` is an escaped literal meaning `[x]`; every other string is returned unchanged. */
export function unescapeLiteral(value: string): string {
  return value.startsWith('[[') ? value.slice(1) : value;
}

class ParseError {
  constructor(readonly message: string, readonly offset: number) {}
}

// Unicode whitespace counts (like .NET char.IsWhiteSpace): real templates contain NBSPs.
const isWs = (c: string) => {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  return code < 128 ? code === 32 || (code >= 9 && code <= 13) : /\s/.test(c);
};
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
const isIdentPart = (c: string) => isIdentStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string) => c >= '0' && c <= '9';

// Parsed trees are frozen, so one parse per distinct string serves every
// occurrence: templates repeat the same expressions, and a fix pass and its
// verification re-read almost every string of the text before them.
const parseOnce = stringMemo((value) => Object.freeze(parseUncached(value)));

/**
 * Parses a full JSON string value including the outer brackets. Never throws.
 * On success `text` is the value that was parsed (pass it to printExpression as source).
 * The result is shared between callers: never mutate it.
 */
export function parseExpression(value: string): ParseResult {
  return parseOnce(value);
}

function parseUncached(value: string): ParseResult {
  if (!isExpression(value)) {
    return { ok: false, message: 'not an expression: must start with "[" (not "[[") and end with "]"', offset: 0 };
  }
  try {
    const p = new Parser(value, value.length - 1);
    p.skipWs();
    if (p.pos >= p.limit) throw new ParseError('empty expression', p.pos);
    const expr = p.parseExpr(0);
    p.skipWs();
    if (p.pos < p.limit) throw new ParseError(`unexpected '${value[p.pos]}' after expression`, p.pos);
    return { ok: true, expr, text: value };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message, offset: e.offset };
    // Defensive: a RangeError (stack) or bug must not escape to callers.
    return { ok: false, message: `internal parser error: ${(e as Error)?.message ?? String(e)}`, offset: 0 };
  }
}

class Parser {
  pos = 1; // skip the outer '['
  constructor(readonly src: string, readonly limit: number /* index of the closing ']' */) {}

  skipWs(): void {
    while (this.pos < this.limit && isWs(this.src[this.pos])) this.pos++;
  }

  private peek(): string {
    return this.pos < this.limit ? this.src[this.pos] : '';
  }

  private node<T extends Expr>(n: T): T {
    parsedNodes.add(n);
    if (n.kind === 'call') Object.freeze(n.args);
    return Object.freeze(n);
  }

  /** primary ( '.' ident | '[' expr ']' )* */
  parseExpr(depth: number): Expr {
    if (depth > MAX_DEPTH) throw new ParseError(`expression nested deeper than ${MAX_DEPTH} levels`, this.pos);
    let expr = this.parsePrimary(depth);
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c === '.') {
        this.pos++;
        this.skipWs();
        const name = this.ident('property name');
        expr = this.node({ kind: 'property', object: expr, name, start: expr.start, end: this.pos });
      } else if (c === '[') {
        this.pos++;
        this.skipWs();
        const index = this.parseExpr(depth + 1);
        this.skipWs();
        this.expect(']');
        expr = this.node({ kind: 'index', object: expr, index, start: expr.start, end: this.pos });
      } else {
        return expr;
      }
    }
  }

  private parsePrimary(depth: number): Expr {
    const start = this.pos;
    const c = this.peek();
    if (c === '') throw new ParseError('unexpected end of expression', this.pos);
    if (c === "'") return this.parseString();
    if (isDigit(c) || (c === '-' && isDigit(this.src[this.pos + 1] ?? '') && this.pos + 1 < this.limit)) {
      this.pos++;
      while (isDigit(this.peek())) this.pos++;
      if (this.peek() === '.' && isDigit(this.src[this.pos + 1] ?? '')) {
        throw new ParseError('decimal numbers are not supported in ARM expressions', this.pos);
      }
      const value = Number(this.src.slice(start, this.pos));
      return this.node({ kind: 'number', value, start, end: this.pos });
    }
    if (!isIdentStart(c)) throw new ParseError(`unexpected '${c}'`, this.pos);
    let name = this.ident('function name');
    // Namespaced user-defined function `ns.member(...)`: only when the dotted name is
    // directly followed by '(' (otherwise the '.' is property access on something else).
    const save = this.pos;
    this.skipWs();
    if (this.peek() === '.') {
      this.pos++;
      this.skipWs();
      if (isIdentStart(this.peek())) {
        const member = this.ident('function name');
        this.skipWs();
        if (this.peek() === '(') name = `${name}.${member}`;
        else this.pos = save;
      } else {
        this.pos = save;
      }
    } else {
      this.pos = save;
    }
    this.skipWs();
    if (this.peek() !== '(') {
      const lower = name.toLowerCase();
      this.pos = save;
      if (lower === 'true' || lower === 'false') return this.node({ kind: 'boolean', value: lower === 'true', start, end: this.pos });
      if (lower === 'null') return this.node({ kind: 'null', start, end: this.pos });
      throw new ParseError(`expected '(' after function name '${name}'`, this.pos);
    }
    this.pos++; // '('
    const args: Expr[] = [];
    this.skipWs();
    if (this.peek() !== ')') {
      for (;;) {
        this.skipWs();
        args.push(this.parseExpr(depth + 1));
        this.skipWs();
        const d = this.peek();
        if (d === ',') { this.pos++; continue; }
        if (d === ')') break;
        throw new ParseError(d === '' ? `missing ')' to close call to '${name}'` : `expected ',' or ')' but found '${d}'`, this.pos);
      }
    }
    this.pos++; // ')'
    return this.node({ kind: 'call', name, args, start, end: this.pos });
  }

  private parseString(): Expr {
    const start = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      if (this.pos >= this.limit) throw new ParseError('unterminated string literal', start);
      const i = this.src.indexOf("'", this.pos);
      if (i < 0 || i >= this.limit) throw new ParseError('unterminated string literal', start);
      value += this.src.slice(this.pos, i);
      if (this.src[i + 1] === "'" && i + 1 < this.limit) {
        value += "'";
        this.pos = i + 2;
      } else {
        this.pos = i + 1;
        return this.node({ kind: 'string', value, start, end: this.pos });
      }
    }
  }

  private ident(what: string): string {
    const start = this.pos;
    if (!isIdentStart(this.peek())) throw new ParseError(`expected ${what}`, this.pos);
    while (isIdentPart(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private expect(c: string): void {
    if (this.peek() !== c) {
      throw new ParseError(this.pos >= this.limit ? `missing '${c}'` : `expected '${c}' but found '${this.peek()}'`, this.pos);
    }
    this.pos++;
  }
}

import type { Node } from 'jsonc-parser';
import { MAX_NESTING_DEPTH } from './nesting';

/**
 * The tree jsonc-parser's parseTree builds, for a text that is plain JSON
 * (no comments, no trailing commas, no raw control characters in strings,
 * whitespace only space/tab/CR/LF); undefined for anything else, which the
 * caller then hands to jsonc-parser. Nearly every template is plain JSON, and
 * this single pass is several times faster than jsonc-parser's scanner and
 * visitor callbacks. Nodes have jsonc-parser's fields, values and offsets
 * (test/parsing/plain-json-tree.test.ts compares both on every corpus file).
 * Text nesting deeper than MAX_NESTING_DEPTH is handed back too (for plain
 * JSON that is exactly when firstTooDeep would refuse it), which also bounds
 * the recursion here.
 */
export function plainJsonTree(text: string): Node | undefined {
  const parser = new PlainParser(text);
  try {
    parser.skipWs();
    const root = parser.value(undefined);
    parser.skipWs();
    if (parser.pos !== text.length) return undefined;
    delete (root as { parent?: Node }).parent;
    return root;
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

/** jsonc-parser's Node is read-only to its users; this builder fills lengths in once members are read. */
type Writable = { length: number };

const NOT_PLAIN = Symbol('not plain JSON');
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class PlainParser {
  pos = 0;
  private depth = 0;
  constructor(readonly text: string) {}

  skipWs(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
    this.pos = pos;
  }

  value(parent: Node | undefined): Node {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b || c === 0x5b) {
      if (++this.depth > MAX_NESTING_DEPTH) throw NOT_PLAIN;
      const node = c === 0x7b ? this.object(parent) : this.array(parent);
      this.depth--;
      return node;
    }
    const offset = this.pos;
    let value: string | number | boolean | null;
    if (c === 0x22) value = this.string();
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) value = this.number();
    else if (this.text.startsWith('true', offset)) value = this.word(true, 4);
    else if (this.text.startsWith('false', offset)) value = this.word(false, 5);
    else if (this.text.startsWith('null', offset)) value = this.word(null, 4);
    else throw NOT_PLAIN;
    const type = value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean');
    return { type, offset, length: this.pos - offset, parent, value } as Node;
  }

  private object(parent: Node | undefined): Node {
    const node = { type: 'object', offset: this.pos, length: -1, parent, children: [] as Node[] } as Node;
    this.pos++;
    this.skipWs();
    if (this.text.charCodeAt(this.pos) !== 0x7d) {
      for (;;) {
        if (this.text.charCodeAt(this.pos) !== 0x22) throw NOT_PLAIN;
        const keyOffset = this.pos;
        const property = { type: 'property', offset: keyOffset, length: -1, parent: node, children: [] as Node[] } as Node;
        node.children!.push(property);
        const name = this.string();
        property.children!.push({ type: 'string', value: name, offset: keyOffset, length: this.pos - keyOffset, parent: property } as Node);
        this.skipWs();
        if (this.text.charCodeAt(this.pos) !== 0x3a) throw NOT_PLAIN;
        (property as { colonOffset?: number }).colonOffset = this.pos;
        this.pos++;
        this.skipWs();
        const value = this.value(property);
        property.children!.push(value);
        (property as Writable).length = value.offset + value.length - keyOffset;
        if (!this.separator(0x7d)) break;
      }
    }
    this.pos++;
    (node as Writable).length = this.pos - node.offset;
    return node;
  }

  private array(parent: Node | undefined): Node {
    const node = { type: 'array', offset: this.pos, length: -1, parent, children: [] as Node[] } as Node;
    this.pos++;
    this.skipWs();
    if (this.text.charCodeAt(this.pos) !== 0x5d) {
      for (;;) {
        node.children!.push(this.value(node));
        if (!this.separator(0x5d)) break;
      }
    }
    this.pos++;
    (node as Writable).length = this.pos - node.offset;
    return node;
  }

  /** After a member: true after a ',' (another member follows), false at the closing `close` (left to consume). */
  private separator(close: number): boolean {
    this.skipWs();
    const c = this.text.charCodeAt(this.pos);
    if (c === close) return false;
    if (c !== 0x2c) throw NOT_PLAIN;
    this.pos++;
    this.skipWs();
    // A trailing comma is jsonc-parser's business.
    const next = this.text.charCodeAt(this.pos);
    if (next === 0x7d || next === 0x5d) throw NOT_PLAIN;
    return true;
  }

  private string(): string {
    const text = this.text;
    const start = this.pos;
    let escaped = false;
    let pos = start + 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        pos += 2;
        continue;
      }
      // Raw control characters (and the end of the text) are jsonc-parser's business.
      if (!(c >= 0x20)) throw NOT_PLAIN;
      pos++;
    }
    this.pos = pos + 1;
    if (!escaped) return text.slice(start + 1, pos);
    try {
      return JSON.parse(text.slice(start, pos + 1)) as string;
    } catch {
      throw NOT_PLAIN;
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw NOT_PLAIN;
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private word<T>(value: T, length: number): T {
    this.pos += length;
    return value;
  }
}

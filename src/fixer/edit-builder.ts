import { createScanner, type Node } from 'jsonc-parser';
import type { SourceText } from '../parsing/source-text';
import type { Edit } from '../engine/types';
import { endOf } from '../model/json-nodes';

/** jsonc-parser SyntaxKind values (its enum is `const`, which isolated builds cannot read). */
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const WHITESPACE = 15;
const EOF = 17;

interface Token {
  kind: number;
  offset: number;
  end: number;
}

/**
 * Builds minimal text edits for fixes. Every edit touches only the bytes it
 * must: removals take the element's own lines (with the comments written
 * directly above it and after it on its line) and one comma; insertions copy
 * the indentation and line ending of their neighbours.
 */
export class EditBuilder {
  constructor(readonly source: SourceText) {}

  get text(): string {
    return this.source.text;
  }

  replace(node: Node, content: string): Edit {
    return { offset: node.offset, length: node.length, content };
  }

  replaceRange(offset: number, end: number, content: string): Edit {
    return { offset, length: end - offset, content };
  }

  insert(offset: number, content: string): Edit {
    return { offset, length: 0, content };
  }

  /**
   * Changes a string node's value to `next` with one edit that covers only
   * the characters that differ: the rest of the literal, escapes included,
   * stays byte for byte (decoded offsets are mapped back to the raw text).
   */
  editStringValue(node: Node, next: string): Edit {
    const current = String(node.value);
    let prefix = 0;
    while (prefix < current.length && prefix < next.length && current[prefix] === next[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < current.length - prefix &&
      suffix < next.length - prefix &&
      current[current.length - 1 - suffix] === next[next.length - 1 - suffix]
    ) suffix++;
    const raw = this.text.slice(node.offset, node.offset + node.length);
    const map = decodedToRaw(raw);
    if (!map || map.length !== current.length + 1) return this.replace(node, JSON.stringify(next));
    const start = node.offset + map[prefix];
    const end = node.offset + map[current.length - suffix];
    return this.replaceRange(start, end, JSON.stringify(next.slice(prefix, next.length - suffix)).slice(1, -1));
  }

  /**
   * Removes an array element, or an object property (pass the property node
   * or its value), from its container: comments attached to it go with it,
   * the separating comma is handled, everything else stays as it is.
   */
  removeListItem(item: Node): Edit[] {
    return this.removeListItems([item]);
  }

  /**
   * Removes several elements at once. Consecutive elements of one container
   * are removed as one run, so the edits never overlap.
   */
  removeListItems(items: Node[]): Edit[] {
    const byContainer = new Map<Node, Set<number>>();
    for (const item of items) {
      const member = item.parent?.type === 'property' ? item.parent : item;
      const container = member.parent;
      if (!container) throw new Error('removeListItems: item has no container');
      const index = (container.children ?? []).indexOf(member);
      if (index < 0) throw new Error('removeListItems: item is not in its container');
      if (!byContainer.has(container)) byContainer.set(container, new Set());
      byContainer.get(container)!.add(index);
    }
    const edits: Edit[] = [];
    for (const [container, indexSet] of byContainer) {
      const indexes = [...indexSet].sort((a, b) => a - b);
      let runStart = indexes[0];
      for (let i = 1; i <= indexes.length; i++) {
        if (i < indexes.length && indexes[i] === indexes[i - 1] + 1) continue;
        edits.push(...this.removeRun(container, runStart, indexes[i - 1]));
        runStart = indexes[i];
      }
    }
    return edits;
  }

  /** Removes members `first..last` (inclusive) of an array or object node. */
  private removeRun(container: Node, first: number, last: number): Edit[] {
    const siblings = container.children ?? [];
    const head = siblings[first];
    const tailMember = siblings[last];
    const prev = siblings[first - 1];
    const next = siblings[last + 1];
    const open = container.offset + 1;
    const close = endOf(container) - 1;
    const blockStart = this.leadingBlockStart(head, prev ? endOf(prev) : open);
    const s = this.source;

    if (next) {
      const nextStart = this.leadingBlockStart(next, endOf(tailMember));
      if (s.startsLine(blockStart) && s.startsLine(nextStart)) {
        return [this.replaceRange(s.lineStartOf(blockStart), s.lineStartOf(nextStart), '')];
      }
      return [this.replaceRange(blockStart, nextStart, '')];
    }

    const tail = this.trailingEnd(tailMember, close);
    const ownLines = s.startsLine(blockStart) && this.onlyWhitespaceUntilLineEnd(tail);
    if (!prev) {
      const otherComments = this.tokens(open, blockStart).some(isComment) || this.tokens(tail, close).some(isComment);
      if (!otherComments) return [this.replaceRange(open, close, '')];
      if (ownLines) return [this.replaceRange(s.lineStartOf(blockStart), s.nextLineStart(tail), '')];
      return [this.replaceRange(blockStart, tail, '')];
    }
    const comma = this.tokens(endOf(prev), blockStart).find((t) => t.kind === COMMA);
    if (ownLines && comma) {
      return [
        this.replaceRange(comma.offset, comma.end, ''),
        this.replaceRange(s.lineStartOf(blockStart), s.nextLineStart(tail), ''),
      ];
    }
    return [this.replaceRange(endOf(prev), tail, '')];
  }

  /**
   * Inserts `"key": value` into an object, before the property `beforeKey`
   * when it exists (identity conventionally precedes properties), else after
   * the last property. Layout follows the neighbouring property.
   */
  insertProperty(object: Node, key: string, value: unknown, beforeKey?: string): Edit[] {
    const members = object.children ?? [];
    const s = this.source;
    const eol = s.eol;
    if (members.length === 0) {
      return [this.replaceRange(object.offset + 1, endOf(object) - 1, `${JSON.stringify(key)}: ${JSON.stringify(value)}`)];
    }
    const before = beforeKey
      ? members.find((m) => String(m.children?.[0]?.value).toLowerCase() === beforeKey.toLowerCase())
      : undefined;
    const anchor = before ?? members[members.length - 1];
    const multiline = s.startsLine(anchor.offset);
    const indent = multiline ? s.indentationAt(anchor.offset) : '';
    const unit = this.indentUnitFor(object, indent);
    const rendered = multiline ? render(value, indent, unit, eol) : JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');
    const member = `${JSON.stringify(key)}: ${rendered}`;
    if (before) {
      const start = this.leadingBlockStart(before, object.offset + 1);
      if (multiline && s.startsLine(start)) return [this.insert(s.lineStartOf(start), `${indent}${member},${eol}`)];
      return [this.insert(before.offset, `${member}, `)];
    }
    return [this.insert(endOf(anchor), multiline ? `,${eol}${indent}${member}` : `, ${member}`)];
  }

  /** The indentation step inside `object`: its members' indent minus the object's own line indent. */
  private indentUnitFor(object: Node, memberIndent: string): string {
    const outer = this.source.indentationAt(object.offset);
    if (memberIndent.length > outer.length && memberIndent.startsWith(outer)) return memberIndent.slice(outer.length);
    return this.source.indentUnit;
  }

  /** Start of `member` including the comments written on their own lines directly above it. */
  private leadingBlockStart(member: Node, gapStart: number): number {
    const tokens = this.tokens(gapStart, member.offset);
    let start = member.offset;
    for (let i = tokens.length - 1; i >= 0; i--) {
      const t = tokens[i];
      if (isComment(t) && this.source.startsLine(t.offset)) start = t.offset;
      else break;
    }
    return start;
  }

  /** End of `member` extended over a trailing comma and a comment on the same line. */
  private trailingEnd(member: Node, limit: number): number {
    let end = endOf(member);
    const line = this.source.positionAt(end).line;
    for (const t of this.tokens(end, limit)) {
      if (this.source.positionAt(t.offset).line !== line) break;
      if (t.kind === COMMA || isComment(t)) end = t.end;
      else break;
    }
    return end;
  }

  private onlyWhitespaceUntilLineEnd(offset: number): boolean {
    const t = this.text;
    let i = offset;
    while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
    return i >= t.length || t[i] === '\n' || t[i] === '\r';
  }

  /** Commas and comments between two offsets (the gap between two JSON values). */
  private tokens(start: number, end: number): Token[] {
    const scanner = createScanner(this.text.slice(start, end), false);
    const out: Token[] = [];
    for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
      if (kind === LINE_BREAK || kind === WHITESPACE) continue;
      const offset = start + scanner.getTokenOffset();
      out.push({ kind, offset, end: offset + scanner.getTokenLength() });
    }
    return out;
  }
}

/**
 * For a raw JSON string literal (with its quotes), the raw offset of each
 * decoded character (plus one past the end); undefined if it is malformed.
 */
function decodedToRaw(raw: string): number[] | undefined {
  if (raw.length < 2 || raw[0] !== '"' || raw[raw.length - 1] !== '"') return undefined;
  const map: number[] = [];
  let i = 1;
  while (i < raw.length - 1) {
    map.push(i);
    if (raw[i] === '\\') i += raw[i + 1] === 'u' ? 6 : 2;
    else i += 1;
  }
  map.push(raw.length - 1);
  return i === raw.length - 1 ? map : undefined;
}

function isComment(t: Token): boolean {
  return t.kind === LINE_COMMENT || t.kind === BLOCK_COMMENT;
}

/** JSON text for a small value, laid out like hand-written template JSON. */
export function render(value: unknown, indent: string, unit: string, eol: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + unit;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${eol}${value.map((v) => inner + render(v, inner, unit, eol)).join(`,${eol}`)}${eol}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{${eol}${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${render(v, inner, unit, eol)}`).join(`,${eol}`)}${eol}${indent}}`;
}

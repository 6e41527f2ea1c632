import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { plainJsonTree } from '../../src/parsing/plain-json-tree';
import { firstTooDeep, MAX_NESTING_DEPTH } from '../../src/parsing/nesting';
import { parseLenientJson } from '../../src/parsing/parse-jsonc';
import { describeIfShared, SHARED } from '../e2e/support';

/**
 * The plain-JSON fast path must build exactly jsonc-parser's tree (fields,
 * values, offsets, lengths, colon offsets, parent links), and hand every text
 * that is not plain JSON back (undefined) instead of guessing.
 */
const jsonc = (text: string) => parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });

/** The tree as plain data, with each node's parent checked by identity and its own fields in order. */
function shape(node: Node, parent: Node | undefined): unknown {
  const fields = Object.keys(node).filter((k) => k !== 'parent' && k !== 'children');
  if (node.parent !== parent) throw new Error(`parent link differs at offset ${node.offset}`);
  return [Object.keys(node).join(','), ...fields.map((k) => [k, (node as unknown as Record<string, unknown>)[k]]), (node.children ?? []).map((c) => shape(c, node))];
}

function expectSameTree(text: string): void {
  const fast = plainJsonTree(text);
  expect(fast).toBeDefined();
  expect(shape(fast!, undefined)).toEqual(shape(jsonc(text)!, undefined));
}

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(full) : /\.jsonc?$/.test(e.name) ? [full] : [];
  });
}

describe('plainJsonTree', () => {
  it.each([
    ['nested values of every kind', '{"a": [1, -2.5e3, true, false, null, "s"], "b": {"c": {}}, "d": []}'],
    ['escapes in keys and values', '{"k\\"ey": "line\\nbreak \\u00e9 \\/ \\\\", "\\u0041": 0}'],
    ['CRLF, tabs and a top-level array', '[\r\n\t{"a":1},\r\n\t"x"\r\n]'],
    ['a top-level scalar', ' "just a string" '],
    ['non-ASCII and separators in strings', '{"n": "caf\u00e9 \u2028 \ud83d\ude00"}'],
  ])('builds jsonc-parser\'s tree: %s', (_name, text) => expectSameTree(text));

  it.each([
    ['a line comment', '{"a": 1 // c\n}'],
    ['a block comment', '{/* c */"a": 1}'],
    ['a trailing comma in an object', '{"a": 1,}'],
    ['a trailing comma in an array', '[1, ]'],
    ['a raw line break in a string', '{"a": "x\ny"}'],
    ['a raw tab in a string', '{"a": "x\ty"}'],
    ['an invalid escape', '{"a": "\\x"}'],
    ['a leading zero', '{"a": 01}'],
    ['a bare word', '{"a": truex}'],
    ['a missing comma', '{"a": 1 "b": 2}'],
    ['a missing value', '{"a": }'],
    ['an unterminated string', '{"a": "x'],
    ['text after the value', '{} {}'],
    ['a single-quoted key', "{'a': 1}"],
    ['vertical tab between tokens', '{\u000b"a": 1}'],
    ['an empty text', ''],
  ])('hands back %s', (_name, text) => expect(plainJsonTree(text)).toBeUndefined());

  it('builds the tree up to the nesting limit and hands back one level more, as firstTooDeep refuses it', () => {
    const nested = (levels: number) => `${'{"a":['.repeat(levels / 2)}1${']}'.repeat(levels / 2)}`;
    expect(firstTooDeep(nested(MAX_NESTING_DEPTH))).toBe(-1);
    expectSameTree(nested(MAX_NESTING_DEPTH));
    const deeper = `[${nested(MAX_NESTING_DEPTH)}]`;
    expect(firstTooDeep(deeper)).toBeGreaterThanOrEqual(0);
    expect(plainJsonTree(deeper)).toBeUndefined();
    expect(parseLenientJson(deeper).problems[0].message).toMatch(/^Parsing error: nesting deeper than 256 levels/);
  });
});

describeIfShared('plainJsonTree on the corpora', path.join(SHARED, 'corpus'), () => {
  it('builds jsonc-parser\'s tree for every plain-JSON corpus and fixture file', () => {
    const files = [...jsonFiles(path.join(SHARED, 'corpus')), ...jsonFiles(path.resolve(__dirname, '../../fixtures'))];
    let plain = 0;
    const differing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ' ');
      const fast = plainJsonTree(text);
      if (fast === undefined) continue;
      plain++;
      // Strings, not toEqual: thousands of big trees.
      if (JSON.stringify(shape(fast, undefined)) !== JSON.stringify(shape(jsonc(text)!, undefined))) differing.push(file);
    }
    expect(differing).toEqual([]);
    expect(plain).toBeGreaterThan(files.length / 2);
  });
});

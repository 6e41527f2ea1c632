import { Expr, isExpression, MAX_DEPTH, parseExpression, unescapeLiteral } from '../../src/expressions';

function parse(value: string): Expr {
  const r = parseExpression(value);
  if (!r.ok) throw new Error(`parse failed: ${r.message} @${r.offset}`);
  expect(r.text).toBe(value);
  return r.expr;
}

/** Strips offsets for structural comparison. */
function shape(e: Expr): unknown {
  switch (e.kind) {
    case 'string': case 'number': case 'boolean': return { [e.kind]: e.value };
    case 'null': return 'null';
    case 'call': return { call: e.name, args: e.args.map(shape) };
    case 'property': return { prop: e.name, of: shape(e.object) };
    case 'index': return { index: shape(e.index), of: shape(e.object) };
  }
}

describe('isExpression / unescapeLiteral', () => {
  test.each([
    ['[concat()]', true], ["[parameters('x')]", true], ['[[concat()]', false], ['plain', false],
    ['[', false], [']', false], ['[x', false], ['x]', false], ['', false], ['[]', true],
  ])('%p -> %p', (v, expected) => expect(isExpression(v)).toBe(expected));

  test('unescape', () => {
    expect(unescapeLiteral('[[x]')).toBe('[x]');
    expect(unescapeLiteral('[[[x]')).toBe('[[x]');
    expect(unescapeLiteral('[x]')).toBe('[x]');
    expect(unescapeLiteral('abc')).toBe('abc');
  });
});

describe('parseExpression', () => {
  test('literals', () => {
    expect(shape(parse("['it''s']"))).toEqual({ string: "it's" });
    expect(shape(parse("['']"))).toEqual({ string: '' });
    expect(shape(parse("['''']"))).toEqual({ string: "'" });
    expect(shape(parse("['a]b']"))).toEqual({ string: 'a]b' });
    expect(shape(parse('[42]'))).toEqual({ number: 42 });
    expect(shape(parse('[-7]'))).toEqual({ number: -7 });
    expect(shape(parse('[true]'))).toEqual({ boolean: true });
    expect(shape(parse('[False]'))).toEqual({ boolean: false });
    expect(shape(parse('[null]'))).toEqual('null');
  });

  test('calls, nesting, namespaces, case preserved', () => {
    expect(shape(parse("[Concat('a', parameters('b'), sub(1, -2))]"))).toEqual({
      call: 'Concat',
      args: [{ string: 'a' }, { call: 'parameters', args: [{ string: 'b' }] }, { call: 'sub', args: [{ number: 1 }, { number: -2 }] }],
    });
    expect(shape(parse('[resourceGroup()]'))).toEqual({ call: 'resourceGroup', args: [] });
    expect(shape(parse("[contoso.uniqueName('x')]"))).toEqual({ call: 'contoso.uniqueName', args: [{ string: 'x' }] });
    expect(shape(parse('[true()]'))).toEqual({ call: 'true', args: [] });
  });

  test('property and index chains', () => {
    expect(shape(parse("[variables('x')[parameters('os')].offer]"))).toEqual({
      prop: 'offer',
      of: { index: { call: 'parameters', args: [{ string: 'os' }] }, of: { call: 'variables', args: [{ string: 'x' }] } },
    });
    expect(shape(parse('[reference(x()).primaryEndpoints.blob]'))).toEqual({
      prop: 'blob', of: { prop: 'primaryEndpoints', of: { call: 'reference', args: [{ call: 'x', args: [] }] } },
    });
    expect(shape(parse("[a()[0][1]['k']]"))).toEqual({
      index: { string: 'k' }, of: { index: { number: 1 }, of: { index: { number: 0 }, of: { call: 'a', args: [] } } },
    });
    // A namespaced-looking name that is not followed by '(' is property access.
    expect(shape(parse('[resourceGroup().location]'))).toEqual({ prop: 'location', of: { call: 'resourceGroup', args: [] } });
  });

  test('whitespace anywhere between tokens (incl. NBSP)', () => {
    const e = parse("[ concat ( 'a' ,\n\t parameters( 'b' ) ) . x [ 0 ] ]");
    expect(shape(e)).toEqual({ index: { number: 0 }, of: { prop: 'x', of: { call: 'concat', args: [{ string: 'a' }, { call: 'parameters', args: [{ string: 'b' }] }] } } });
    expect(parseExpression("[concat('a',\u00a0'b')]").ok).toBe(true);
  });

  test('offsets index into the value including the outer bracket', () => {
    const src = "[concat('a', parameters('b'))]";
    const e = parse(src);
    expect(e).toMatchObject({ kind: 'call', start: 1, end: src.length - 1 });
    if (e.kind !== 'call') throw new Error();
    expect(src.slice(e.args[0].start, e.args[0].end)).toBe("'a'");
    expect(src.slice(e.args[1].start, e.args[1].end)).toBe("parameters('b')");
    const p = parse("[ a().b ]");
    expect(p).toMatchObject({ kind: 'property', start: 2, end: 7 });
  });

  test.each([
    ["['abc]", 'unterminated string', 1],
    ["[concat('a' ]", "missing ')'", 12],
    ["[concat('a']", 'missing', 11],
    ["[concat('a') x]", "unexpected 'x'", 13],
    ["[concat('a'))]", "unexpected ')'", 12],
    ['[]', 'empty expression', 1],
    ['[  ]', 'empty expression', 3],
    ['[foo]', "expected '('", 4],
    ["[concat('a' 'b')]", "expected ',' or ')'", 12],
    ['[a().]', 'expected property name', 5],
    ['[a()[1]', "missing ']'", 6],
    ['[1.5]', 'decimal', 2],
    ['[concat(,)]', "unexpected ','", 8],
    ['[@]', "unexpected '@'", 1],
  ])('error %p', (src, message, offset) => {
    const r = parseExpression(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(message);
    expect(r.offset).toBe(offset);
  });

  test('not an expression', () => {
    expect(parseExpression('[[x]').ok).toBe(false);
    expect(parseExpression('plain').ok).toBe(false);
    expect(parseExpression(undefined as unknown as string).ok).toBe(false);
  });

  test('deep nesting is an error, not a crash', () => {
    const deep = (n: number) => '[' + 'a('.repeat(n) + ')'.repeat(n) + ']';
    expect(parseExpression(deep(MAX_DEPTH - 1)).ok).toBe(true);
    const r = parseExpression(deep(100_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nested deeper/);
    const idx = parseExpression('[a()' + '['.repeat(50_000) + '1' + ']'.repeat(50_000) + ']');
    expect(idx.ok).toBe(false);
  });

  test('long flat input parses in linear time', () => {
    const args = Array.from({ length: 50_000 }, (_, i) => `'s${i}'`).join(', ');
    const t0 = Date.now();
    expect(parseExpression(`[concat(${args})]`).ok).toBe(true);
    const chain = '[a()' + '.b'.repeat(100_000) + ']';
    expect(parseExpression(chain).ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  test('parsed nodes are immutable', () => {
    const e = parse("[concat('a')]");
    expect(Object.isFrozen(e)).toBe(true);
    if (e.kind === 'call') expect(Object.isFrozen(e.args)).toBe(true);
  });
});

describe('parse cache', () => {
  it('gives one frozen result per distinct string, so sharing it is safe', () => {
    const first = parseExpression("[concat('a', parameters('b'))]");
    const again = parseExpression("[concat('a', parameters('b'))]");
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    if (!first.ok) throw new Error('parse failed');
    expect(Object.isFrozen(first.expr)).toBe(true);
    expect(parseExpression("[concat('a', parameters('c'))]")).not.toBe(first);
  });

  it('caches failures with their message and offset', () => {
    const bad = parseExpression('[concat(]');
    expect(parseExpression('[concat(]')).toBe(bad);
    expect(bad).toEqual({ ok: false, message: 'unexpected end of expression', offset: 8 });
  });

  it('reads Unicode whitespace as whitespace and other non-ASCII as an error', () => {
    expect(shape(parse("[\u00a0concat('a')\u3000]"))).toEqual(shape(parse("[concat('a')]")));
    expect(parseExpression('[\u00e9()]').ok).toBe(false);
  });
});

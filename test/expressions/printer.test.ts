import { Expr, parseExpression, printExpression, printExpressionBody, removeCallArgument, replaceExprText } from '../../src/expressions';

function parse(value: string): Expr {
  const r = parseExpression(value);
  if (!r.ok) throw new Error(`parse failed: ${r.message} @${r.offset}`);
  return r.expr;
}

describe('printExpression', () => {
  test.each([
    "[concat('a', parameters('b'))]",
    "[  concat ( 'it''s' ,parameters( 'b' )  )  ]",
    "[variables('x')[parameters('os')].offer]",
    '[reference(x()) . primaryEndpoints\n.blob]',
    '[if(true, -1, null)]',
    "[contoso.fn('a')]",
    "[concat('a',\u00a0'b')]",
  ])('round-trips %p with source', (src) => {
    expect(printExpression(parse(src), src)).toBe(src);
  });

  test('canonical form without source', () => {
    const src = "[  Concat ( 'it''s' ,parameters( 'b' ) ,1,true,null)[0] . x ]";
    expect(printExpression(parse(src))).toBe("[Concat('it''s', parameters('b'), 1, true, null)[0].x]");
    expect(printExpressionBody(parse(src))).toBe("Concat('it''s', parameters('b'), 1, true, null)[0].x");
  });

  test('sub-node printing with source', () => {
    const src = "[concat( 'a' , parameters( 'b' ))]";
    const e = parse(src);
    if (e.kind !== 'call') throw new Error();
    expect(printExpressionBody(e.args[1], src)).toBe("parameters( 'b' )");
    expect(printExpression(e.args[1], src)).toBe("[parameters( 'b' )]");
  });

  test('synthetic nodes are printed canonically, parsed children keep their text', () => {
    const src = "[concat( 'a' , parameters( 'b' ), 'c')]";
    const e = parse(src);
    if (e.kind !== 'call') throw new Error();
    const dropped: Expr = { ...e, args: [e.args[0], e.args[2]] };
    expect(printExpression(dropped, src)).toBe("[concat('a', 'c')]");
    const replacedChild: Expr = { ...e, args: [e.args[0], { kind: 'string', value: "x'y", start: -1, end: -1 }, e.args[2]] };
    expect(printExpression(replacedChild, src)).toBe("[concat('a', 'x''y', 'c')]");
    expect(printExpression({ kind: 'call', name: 'f', args: [e.args[1]], start: -1, end: -1 }, src)).toBe("[f(parameters( 'b' ))]");
  });
});

describe('removeCallArgument', () => {
  const src = "[concat( 'a',  parameters( 'b' ) ,'c' )]";
  const call = parse(src);

  test('first argument', () => {
    expect(removeCallArgument(src, call, 0)).toBe("[concat( parameters( 'b' ) ,'c' )]");
  });
  test('middle argument', () => {
    expect(removeCallArgument(src, call, 1)).toBe("[concat( 'a',  'c' )]");
  });
  test('last argument', () => {
    expect(removeCallArgument(src, call, 2)).toBe("[concat( 'a',  parameters( 'b' ) )]");
  });
  test('multi-line layout', () => {
    const s = "[concat(\n  'a',\n  'b',\n  'c')]";
    const e = parse(s);
    expect(removeCallArgument(s, e, 1)).toBe("[concat(\n  'a',\n  'c')]");
    expect(removeCallArgument(s, e, 2)).toBe("[concat(\n  'a',\n  'b')]");
  });
  test('only argument', () => {
    const s = "[x(union( a() ))]";
    const outer = parse(s);
    if (outer.kind !== 'call') throw new Error();
    expect(removeCallArgument(s, outer.args[0], 0)).toBe('[x(union())]');
  });
  test('nested call and result re-parses', () => {
    const s = "[union(variables('a'), if(true, json('{}'), createObject('k', 1)))]";
    const outer = parse(s);
    if (outer.kind !== 'call') throw new Error();
    const out = removeCallArgument(s, outer.args[1], 2);
    expect(out).toBe("[union(variables('a'), if(true, json('{}')))]");
    expect(parseExpression(out).ok).toBe(true);
  });
  test('bad input throws RangeError', () => {
    expect(() => removeCallArgument(src, call, 3)).toThrow(RangeError);
    if (call.kind !== 'call') throw new Error();
    expect(() => removeCallArgument(src, call.args[0], 0)).toThrow(RangeError);
  });
  test('replaceExprText', () => {
    if (call.kind !== 'call') throw new Error();
    expect(replaceExprText(src, call.args[1], "'z'")).toBe("[concat( 'a',  'z' ,'c' )]");
  });
});

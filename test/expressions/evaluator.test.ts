import {
  asKnownString, EvalScope, evaluateExpr, evaluateExpressionString, evaluateJson, isFullyKnown, parseExpression,
  Symbolic, symbolKey, Unknown, Value,
} from '../../src/expressions';

const scope: EvalScope = {
  parameters: {
    vmName: { type: 'string' },
    location: { type: 'string', defaultValue: '[resourceGroup().location]' },
    os: { type: 'string', defaultValue: 'UbuntuServer' },
    count: { type: 'int', defaultValue: 2 },
    prefix: { type: 'string', defaultValue: "[concat('pre-', parameters('os'))]" },
    guidValue: { type: 'string', defaultValue: '[newGuid()]' },
    selfRef: { type: 'string', defaultValue: "[parameters('selfRef')]" },
  },
  variables: {
    imageReference: { UbuntuServer: { offer: 'UbuntuServer', sku: '18.04-LTS' }, WindowsServer: { offer: 'WindowsServer' } },
    nicName: "[concat(parameters('vmName'), '-nic')]",
    nested: { name: "[variables('nicName')]", list: ['[parameters(\'os\')]', '[[literal]'] },
    cycleA: "[concat(variables('cycleB'), 'x')]",
    cycleB: "[variables('cycleA')]",
    usesCycle: "[variables('cycleA')]",
    opaque: "[someUnsupported(newGuid())]",
    copy: [
      { name: 'disks', count: 3, input: { name: "[concat('disk', copyIndex('disks'))]", lun: "[copyIndex('disks')]" } },
      { name: 'tooMany', count: 100000, input: 'x' },
      { name: 'countFromParam', count: "[parameters('count')]", input: "[copyIndex('countFromParam', 1)]" },
    ],
    objWithCopy: { copy: [{ name: 'items', count: 2, input: "[copyIndex('items')]" }], other: 'o' },
  },
};

const ev = (s: string, sc: EvalScope = scope, opts?: Parameters<typeof evaluateExpressionString>[2]) => evaluateExpressionString(s, sc, opts);
const sym = (...parts: Array<string | { symbol: string }>) => new Symbolic(parts);
const S = (symbol: string) => ({ symbol });
const key = (s: string) => symbolKey(ev(s));

function expectUnknown(v: Value, reason?: RegExp): void {
  expect(v).toBeInstanceOf(Unknown);
  if (reason) expect((v as Unknown).reason).toMatch(reason);
}

describe('literals and strings', () => {
  test('non-expression strings return themselves, [[ unescaped', () => {
    expect(ev('hello')).toBe('hello');
    expect(ev('[[notAnExpr]')).toBe('[notAnExpr]');
  });
  test('parse errors are Unknown', () => expectUnknown(ev("[concat('a' ]"), /invalid expression/));
  test('literal kinds', () => {
    expect(ev("['it''s']")).toBe("it's");
    expect(ev('[-3]')).toBe(-3);
    expect(ev('[true]')).toBe(true);
    expect(ev('[null]')).toBe(null);
    expect(ev('[true()]')).toBe(true);
    expect(ev('[false()]')).toBe(false);
  });
});

describe('parameters', () => {
  test('defaults, case-insensitive names, nested defaults', () => {
    expect(ev("[parameters('OS')]")).toBe('UbuntuServer');
    expect(ev("[parameters('count')]")).toBe(2);
    expect(ev("[parameters('prefix')]")).toBe('pre-UbuntuServer');
  });
  test('no default -> canonical symbol', () => {
    expect(ev("[parameters('vmName')]")).toEqual(sym(S("parameters('vmname')")));
  });
  test('default of opaque functions', () => {
    expect(ev("[parameters('location')]")).toEqual(sym(S('resourcegroup().location')));
  });
  test('unknowable default (newGuid) -> stable parameter symbol', () => {
    expect(ev("[parameters('guidValue')]")).toEqual(sym(S("parameters('guidvalue')")));
  });
  test('self-referencing default -> Unknown', () => expectUnknown(ev("[parameters('selfRef')]"), /cycle/));
  test('undeclared -> Unknown', () => expectUnknown(ev("[parameters('nope')]"), /not declared/));
  test('non-string name -> Unknown', () => expectUnknown(ev('[parameters(1)]')));
});

describe('variables', () => {
  test('value, nested objects/arrays deep-evaluated', () => {
    expect(ev("[variables('NICNAME')]")).toEqual(sym(S("parameters('vmname')"), '-nic'));
    expect(ev("[variables('nested')]")).toEqual({ name: sym(S("parameters('vmname')"), '-nic'), list: ['UbuntuServer', '[literal]'] });
  });
  test('property and index access, case-insensitive', () => {
    expect(ev("[variables('imageReference')[parameters('os')].offer]")).toBe('UbuntuServer');
    expect(ev("[variables('imagereference')['ubuntuserver'].SKU]")).toBe('18.04-LTS');
    expectUnknown(ev("[variables('imageReference').missing]"), /not found/);
    expect(ev("[variables('imageReference')[parameters('vmName')]]")).toBeInstanceOf(Symbolic);
  });
  test('cycles -> Unknown', () => {
    expectUnknown(ev("[variables('cycleA')]"), /cycle/);
    expectUnknown(ev("[variables('usesCycle')]"), /cycle/);
  });
  test('unknowable variable -> stable variable symbol', () => {
    expect(ev("[variables('opaque')]")).toEqual(sym(S("variables('opaque')")));
  });
  test('copy arrays', () => {
    expect(ev("[variables('disks')]")).toEqual([{ name: 'disk0', lun: 0 }, { name: 'disk1', lun: 1 }, { name: 'disk2', lun: 2 }]);
    expect(ev("[variables('disks')[1].name]")).toBe('disk1');
    expect(ev("[length(variables('disks'))]")).toBe(3);
    expect(ev("[variables('countFromParam')]")).toEqual([1, 2]);
    expect(ev("[variables('objWithCopy')]")).toEqual({ items: [0, 1], other: 'o' });
    expect(ev("[variables('tooMany')]")).not.toBeInstanceOf(Array);
  });
  test('undeclared -> Unknown', () => expectUnknown(ev("[variables('nope')]"), /not declared/));
  test('parent scope lookup', () => {
    const inner: EvalScope = { parameters: { a: { defaultValue: 'inner' } }, variables: {}, parent: scope };
    expect(ev("[concat(parameters('a'), '-', parameters('os'), '-', variables('nested').list[0])]", inner)).toBe('inner-UbuntuServer-UbuntuServer');
  });
  test('sections may be undefined', () => {
    expectUnknown(ev("[variables('x')]", { parameters: undefined, variables: undefined }));
  });
});

describe('copyIndex', () => {
  test('symbols without a loop context', () => {
    expect(ev('[copyIndex()]')).toEqual(sym(S('copyindex()')));
    expect(ev("[copyIndex('Loop')]")).toEqual(sym(S("copyindex('loop')")));
    expect(ev('[copyIndex(1)]')).toEqual(sym(S('copyindex(1)')));
    expect(ev("[copyIndex('loop', 2)]")).toEqual(sym(S("copyindex('loop', 2)")));
    expect(ev("[concat('vm', copyIndex())]")).toEqual(sym('vm', S('copyindex()')));
  });
  test('with options', () => {
    expect(ev('[copyIndex(1)]', scope, { copyIndex: 4 })).toBe(5);
    expect(ev("[copyIndex('LOOP')]", scope, { copyIndexes: { loop: 2 } })).toBe(2);
  });
});

describe('string functions', () => {
  test('concat', () => {
    expect(ev("[concat('a', 'b', 1, true)]")).toBe('ab1True');
    expect(ev("[concat(createArray(1, 2), createArray(3))]")).toEqual([1, 2, 3]);
    expect(ev("[concat(parameters('vmName'), '/', 'x')]")).toEqual(sym(S("parameters('vmname')"), '/x'));
    expectUnknown(ev("[concat(createArray(1), 'a')]"));
  });
  test('format', () => {
    expect(ev("[format('{0}-{1}-{0}', 'a', 2)]")).toBe('a-2-a');
    expect(ev("[format('{{literal}} {0}', 'x')]")).toBe('{literal} x');
    expect(ev("[format('{0:D3}', 7)]")).toBe('007');
    expect(ev("[format('[{0,4}]', 'ab')]")).toBe('[  ab]');
    expect(ev("[format('{0}/x', parameters('vmName'))]")).toEqual(sym(S("parameters('vmname')"), '/x'));
    expectUnknown(ev("[format('{0:N2}', 7)]"), /specifier/);
    expectUnknown(ev("[format('{1}', 'a')]"));
    expectUnknown(ev("[format('a } b')]"));
  });
  test('symbol keys: concat vs format, parameter name case', () => {
    const a = key("[concat(parameters('vmName'), '/x')]");
    expect(a).toBeDefined();
    expect(a).toBe(key("[format('{0}/x', parameters('VMNAME'))]"));
    expect(a).toBe(key("[concat(parameters('vmname'), '/', 'x')]"));
    expect(a).not.toBe(key("[concat(parameters('vmName'), '/y')]"));
    expect(a).not.toBe('\u0000parameters(\'vmname\')\u0000/x'.replace('x', 'y'));
    expect(key("['plain']")).toBe('plain');
    expect(symbolKey(new Unknown('x'))).toBeUndefined();
    expect(symbolKey(3)).toBeUndefined();
    // A literal can never collide with a symbol.
    expect(symbolKey("\u0000parameters('vmname')\u0000/x")).not.toBe(a);
  });
  test('toLower / toUpper', () => {
    expect(ev("[toLower('AbC')]")).toBe('abc');
    expect(ev("[toUpper('AbC')]")).toBe('ABC');
    expect(ev("[toLower(concat('AB', parameters('vmName')))]")).toEqual(sym('ab', S("tolower(parameters('vmname'))")));
    expect(ev("[toLower(toUpper(parameters('vmName')))]")).toEqual(sym(S("tolower(parameters('vmname'))")));
    expect(key("[toLower(toLower(parameters('vmName')))]")).toBe(key("[toLower(parameters('VMNAME'))]"));
  });
  test('string', () => {
    expect(ev('[string(12)]')).toBe('12');
    expect(ev('[string(true)]')).toBe('True');
    expect(ev("[string('s')]")).toBe('s');
    expect(ev("[string(createObject('a', createArray(1, 'b')))]")).toBe('{"a":[1,"b"]}');
  });
  test('replace / split / trim / substring', () => {
    expect(ev("[replace('a-b-c', '-', '')]")).toBe('abc');
    expect(ev("[split('a,b;c', ',')]")).toEqual(['a', 'b;c']);
    expect(ev("[split('a,b;c', createArray(',', ';'))]")).toEqual(['a', 'b', 'c']);
    expect(ev("[trim('  x ')]")).toBe('x');
    expect(ev("[substring('abcdef', 2)]")).toBe('cdef');
    expect(ev("[substring('abcdef', 1, 3)]")).toBe('bcd');
    expectUnknown(ev("[substring('abc', 2, 5)]"), /range/);
  });
  test('first / last / length / empty', () => {
    expect(ev("[first('abc')]")).toBe('a');
    expect(ev("[last('abc')]")).toBe('c');
    expect(ev('[first(createArray(1, 2))]')).toBe(1);
    expect(ev('[last(createArray(1, 2))]')).toBe(2);
    expect(ev("[last(split(concat('a/b/', 'c'), '/'))]")).toBe('c');
    expect(ev("[first(concat('x', parameters('vmName')))]")).toBe('x');
    expect(ev("[length('abcd')]")).toBe(4);
    expect(ev("[length(createObject('a', 1))]")).toBe(1);
    expect(ev("[empty('')]")).toBe(true);
    expect(ev('[empty(createArray())]')).toBe(true);
    expect(ev("[empty(json('{}'))]")).toBe(true);
    expect(ev("[empty(concat('x', parameters('vmName')))]")).toBe(false);
    expect(ev("[empty('a')]")).toBe(false);
  });
  test('startsWith / endsWith / indexOf are case-insensitive', () => {
    expect(ev("[startsWith('Microsoft.Compute', 'microsoft.')]")).toBe(true);
    expect(ev("[endsWith('abc', 'BC')]")).toBe(true);
    expect(ev("[indexOf('abcABC', 'C')]")).toBe(2);
    expect(ev("[startsWith(concat('ab', parameters('vmName')), 'x')]")).toBe(false);
  });
  test('uri', () => {
    expect(ev("[uri('http://contoso.org/firstpath', 'myscript.sh')]")).toBe('http://contoso.org/myscript.sh');
    expect(ev("[uri('http://contoso.org/firstpath/', 'myscript.sh')]")).toBe('http://contoso.org/firstpath/myscript.sh');
    expect(ev("[uri(concat(parameters('vmName'), '/'), 'a/b.sh')]")).toEqual(sym(S("parameters('vmname')"), '/a/b.sh'));
    expect(ev("[uri(deployment().properties.templateLink.uri, 'x.sh')]")).toEqual(sym(S("uri(deployment().properties.templatelink.uri, 'x.sh')")));
  });
  test('base64 round trip', () => {
    expect(ev("[base64ToString(base64('héllo'))]")).toBe('héllo');
  });
});

describe('logic and comparison', () => {
  test('equals', () => {
    expect(ev("[equals('a', 'a')]")).toBe(true);
    expect(ev("[equals('a', 'A')]")).toBe(false);
    expect(ev("[equals(1, '1')]")).toBe(false);
    expect(ev("[equals(createArray(1, 'x'), createArray(1, 'x'))]")).toBe(true);
    expect(ev("[equals(createObject('A', 1), json('{\"a\":1}'))]")).toBe(true);
    expect(ev("[equals(parameters('vmName'), parameters('VMNAME'))]")).toBe(true);
    expect(ev("[equals(concat('a-', parameters('vmName')), 'b-x')]")).toBe(false);
    expect(ev("[equals(parameters('vmName'), 'x')]")).toBeInstanceOf(Symbolic);
  });
  test('not / and / or / bool / int', () => {
    expect(ev('[not(true)]')).toBe(false);
    expect(ev('[and(true, true, false)]')).toBe(false);
    expect(ev('[and(true, true)]')).toBe(true);
    expect(ev("[and(false, equals(newGuid(), 'x'))]")).toBe(false);
    expect(ev("[or(equals(newGuid(), 'x'), true)]")).toBe(true);
    expectUnknown(ev("[or(equals(newGuid(), 'x'), false)]"));
    expect(ev('[or(false, false)]')).toBe(false);
    expect(ev("[bool('TRUE')]")).toBe(true);
    expect(ev('[bool(0)]')).toBe(false);
    expect(ev("[int('42')]")).toBe(42);
    expectUnknown(ev("[int('x')]"));
  });
  test('arithmetic and comparisons', () => {
    expect(ev('[add(1, 2)]')).toBe(3);
    expect(ev('[sub(1, 2)]')).toBe(-1);
    expect(ev('[mul(3, 2)]')).toBe(6);
    expect(ev('[div(7, 2)]')).toBe(3);
    expect(ev('[mod(7, 2)]')).toBe(1);
    expectUnknown(ev('[div(1, 0)]'));
    expect(ev('[less(1, 2)]')).toBe(true);
    expect(ev("[greaterOrEquals('b', 'a')]")).toBe(true);
    expect(ev('[max(createArray(1, 5, 3))]')).toBe(5);
    expect(ev('[min(4, 2)]')).toBe(2);
  });
  test('contains', () => {
    expect(ev("[contains('abc', 'b')]")).toBe(true);
    expect(ev("[contains('abc', 'B')]")).toBe(false);
    expect(ev("[contains(createArray('a', 'b'), 'b')]")).toBe(true);
    expect(ev("[contains(createArray('a'), 'b')]")).toBe(false);
    expect(ev("[contains(createObject('Key', 1), 'key')]")).toBe(true);
    expect(ev("[contains(concat('prefix-', parameters('vmName')), 'fix')]")).toBe(true);
  });
  test('if', () => {
    expect(ev("[if(equals(parameters('os'), 'UbuntuServer'), 'linux', 'windows')]")).toBe('linux');
    expect(ev("[if(false, variables('cycleA'), 'ok')]")).toBe('ok'); // untaken branch not evaluated
    expect(ev("[if(equals(parameters('vmName'), 'x'), 'same', 'same')]")).toBe('same');
    expectUnknown(ev("[if(equals(newGuid(), 'x'), 'a', 'b')]"));
    expect(ev("[if(equals(parameters('vmName'), 'x'), 'a', 'b')]")).toBeInstanceOf(Symbolic);
  });
});

describe('arrays and objects', () => {
  test('json', () => {
    expect(ev("[json('null')]")).toBe(null);
    expect(ev("[json('{\"a\": [1, \"[notEvaluated()]\"]}')]")).toEqual({ a: [1, '[notEvaluated()]'] });
    expectUnknown(ev("[json('{')]"), /json/);
  });
  test('createArray / createObject', () => {
    expect(ev("[createArray(1, 'a', createArray())]")).toEqual([1, 'a', []]);
    expect(ev("[createObject('a', 1, 'b', createObject())]")).toEqual({ a: 1, b: {} });
    expectUnknown(ev("[createObject('a')]"));
  });
  test('union', () => {
    expect(ev("[union(createObject('a', 1, 'n', createObject('x', 1)), createObject('b', 2, 'n', createObject('y', 2)))]"))
      .toEqual({ a: 1, n: { x: 1, y: 2 }, b: 2 });
    expect(ev("[union(createArray(1, 2), createArray(2, 3))]")).toEqual([1, 2, 3]);
    expectUnknown(ev("[union(createArray(1), createObject())]"));
  });
  test('coalesce', () => {
    expect(ev("[coalesce(null, null, 'x', 'y')]")).toBe('x');
    expect(ev('[coalesce(null)]')).toBe(null);
    expect(ev("[coalesce(null, parameters('vmName'))]")).toEqual(sym(S("parameters('vmname')")));
    expectUnknown(ev("[coalesce(null, newGuid(), 'x')]"));
  });
  test('range / take / skip / array', () => {
    expect(ev('[range(2, 3)]')).toEqual([2, 3, 4]);
    expect(ev("[take('abcd', 2)]")).toBe('ab');
    expect(ev('[skip(createArray(1, 2, 3), 1)]')).toEqual([2, 3]);
    expect(ev("[array('x')]")).toEqual(['x']);
  });
});

describe('resourceId family', () => {
  const SUB = S('subscription().subscriptionid');
  const RG = S('resourcegroup().name');
  test('default subscription and resource group', () => {
    expect(ev("[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]"))
      .toEqual(sym('/subscriptions/', SUB, '/resourceGroups/', RG, '/providers/Microsoft.Network/virtualNetworks/vnet'));
  });
  test('child types interleave names', () => {
    expect(ev("[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm', 'ext')]"))
      .toEqual(sym('/subscriptions/', SUB, '/resourceGroups/', RG, '/providers/Microsoft.Compute/virtualMachines/vm/extensions/ext'));
    // one name argument covering both segments
    expect(key("[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm/ext')]"))
      .toBe(key("[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm', 'ext')]"));
  });
  test('explicit resource group / subscription', () => {
    expect(ev("[resourceId('rg', 'Microsoft.Network/virtualNetworks', 'vnet')]"))
      .toEqual(sym('/subscriptions/', SUB, '/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet'));
    expect(ev("[resourceId('sub', 'rg', 'Microsoft.Network/virtualNetworks', 'vnet')]"))
      .toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet');
  });
  test('symbolic names', () => {
    expect(ev("[resourceId('Microsoft.Network/networkInterfaces', variables('nicName'))]"))
      .toEqual(sym('/subscriptions/', SUB, '/resourceGroups/', RG, '/providers/Microsoft.Network/networkInterfaces/', S("parameters('vmname')"), '-nic'));
  });
  test('wrong name count -> Unknown', () => {
    expectUnknown(ev("[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm')]"), /name/);
  });
  test('scope variants', () => {
    expect(ev("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]"))
      .toEqual(sym('/subscriptions/', SUB, '/providers/Microsoft.Authorization/roleDefinitions/abc'));
    expect(ev("[subscriptionResourceId('s1', 'Microsoft.Authorization/roleDefinitions', 'abc')]"))
      .toBe('/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/abc');
    expect(ev("[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]")).toBe('/providers/Microsoft.Management/managementGroups/mg');
    expect(ev("[extensionResourceId('/subscriptions/s/resourceGroups/r/providers/A.B/c/d', 'Microsoft.Authorization/locks', 'l')]"))
      .toBe('/subscriptions/s/resourceGroups/r/providers/A.B/c/d/providers/Microsoft.Authorization/locks/l');
  });
});

describe('opaque functions and symbols', () => {
  test('deployment-time functions become canonical symbols', () => {
    expect(ev('[resourceGroup().location]')).toEqual(sym(S('resourcegroup().location')));
    expect(ev("[resourceGroup()['Location']]")).toEqual(sym(S('resourcegroup().location')));
    expect(ev('[subscription().subscriptionId]')).toEqual(sym(S('subscription().subscriptionid')));
    expect(ev("[uniqueString(resourceGroup().id, 'Abc')]")).toEqual(sym(S("uniquestring(resourcegroup().id, 'Abc')")));
    expect(ev("[reference('sa').primaryEndpoints.blob]")).toEqual(sym(S("reference('sa').primaryendpoints.blob")));
    expect(ev("[listKeys('sa', '2019-01-01').keys[0].value]")).toEqual(sym(S("listkeys('sa', '2019-01-01').keys[0].value")));
    expect(ev("[Contoso.MyFn('a')]")).toEqual(sym(S("contoso.myfn('a')")));
  });
  test('nondeterministic functions are Unknown, naming the function', () => {
    expectUnknown(ev('[newGuid()]'), /newguid/);
    expectUnknown(ev('[utcNow()]'), /utcnow/);
    expectUnknown(ev("[concat('a', utcNow())]"), /utcnow/);
  });
  test('asKnownString / isFullyKnown', () => {
    expect(asKnownString(ev("[concat('a', 'b')]"))).toBe('ab');
    expect(asKnownString(ev("[parameters('vmName')]"))).toBeUndefined();
    expect(isFullyKnown(ev("[variables('disks')]"))).toBe(true);
    expect(isFullyKnown(ev("[variables('nested')]"))).toBe(false);
  });
});

describe('evaluateJson / evaluateExpr', () => {
  test('deep evaluation including expression keys', () => {
    expect(evaluateJson({ a: ["[parameters('os')]", 1, null, { b: '[[x]' }], "[concat('k', '1')]": true }, scope))
      .toEqual({ a: ['UbuntuServer', 1, null, { b: '[x]' }], k1: true });
  });
  test('evaluateExpr on a parsed tree', () => {
    const r = parseExpression("[concat('a', parameters('os'))]");
    if (!r.ok) throw new Error();
    expect(evaluateExpr(r.expr, scope)).toBe('aUbuntuServer');
  });
});

describe('robustness', () => {
  test('exponential variable blow-up is bounded', () => {
    const variables: Record<string, unknown> = { v0: 'abcdefghij' };
    for (let i = 1; i <= 40; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const t0 = Date.now();
    const v = ev("[variables('v40')]", { parameters: {}, variables });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(typeof v === 'string').toBe(false);
  });
  test('long variable chains do not overflow the stack', () => {
    const variables: Record<string, unknown> = { v0: 'x' };
    for (let i = 1; i <= 20_000; i++) variables[`v${i}`] = `[variables('v${i - 1}')]`;
    const v = ev("[variables('v20000')]", { parameters: {}, variables });
    expect(v === 'x' || v instanceof Symbolic || v instanceof Unknown).toBe(true);
    expect(ev("[variables('v100')]", { parameters: {}, variables })).toBe('x');
  });
  test('deeply nested JSON values do not throw', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => evaluateJson(deep, scope)).not.toThrow();
  });
  test('huge copy counts and ranges are refused', () => {
    expectUnknown(ev('[range(0, 100000000)]'));
    expectUnknown(ev("[padLeft('a', 100000000, 'x')]"));
  });
  test('bad argument counts never throw', () => {
    for (const fn of ['concat', 'format', 'toLower', 'replace', 'split', 'substring', 'contains', 'if', 'json', 'resourceId', 'uri', 'union',
      'first', 'last', 'length', 'empty', 'equals', 'not', 'bool', 'int', 'padLeft', 'range', 'take', 'createObject', 'copyIndex', 'parameters', 'variables']) {
      for (const args of ['', '1', "'a'", 'null', "1, 'a', 2", 'createArray()', 'createObject()']) {
        expect(() => ev(`[${fn}(${args})]`)).not.toThrow();
      }
    }
  });
});

describe('refinements seen in the corpus', () => {
  test("trailing '/' in resource types is tolerated", () => {
    expect(key("[resourceId('Microsoft.Network/virtualNetworks/', 'v')]")).toBe(key("[resourceId('Microsoft.Network/virtualNetworks', 'v')]"));
  });
  test('placeholder defaults of the wrong type give the parameter symbol', () => {
    const sc: EvalScope = { parameters: { o: { type: 'object', defaultValue: '' }, s: { type: 'secureObject', defaultValue: '{}' } }, variables: {} };
    expect(ev("[parameters('o').tag]", sc)).toEqual(sym(S("parameters('o').tag")));
    expect(ev("[parameters('s').secrets[copyIndex()].name]", sc)).toEqual(sym(S("parameters('s').secrets[copyindex()].name")));
    const conv: EvalScope = { parameters: { i: { type: 'int', defaultValue: '3600' }, b: { type: 'bool', defaultValue: 'True' }, n: { type: 'int', defaultValue: '' } }, variables: {} };
    expect(ev("[parameters('i')]", conv)).toBe(3600);
    expect(ev("[parameters('b')]", conv)).toBe(true);
    expect(ev("[parameters('n')]", conv)).toEqual(sym(S("parameters('n')")));
  });
  test('known containers indexed by a symbol give a canonical symbol', () => {
    const sc: EvalScope = { parameters: {}, variables: { names: ['a', 'b'] } };
    expect(ev("[variables('names')[copyIndex()]]", sc)).toEqual(sym(S("createarray('a', 'b')[copyindex()]")));
    expect(key("[concat(variables('names')[copyIndex()], '-nic')]", )).toBeUndefined(); // top-level scope has no `names`
  });
});

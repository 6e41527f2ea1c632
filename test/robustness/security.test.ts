/**
 * Issue 6, behaviour 7: a config file is data and is never executed; armlint
 * opens no network connection; it writes only the files it was asked to fix
 * (links are covered in fix-safety.test.ts); the regular expressions that
 * run on template text are linear-time on pathological 1 MB inputs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/engine/linter';
import { fixText } from '../../src/fixer/fix-text';
import { BASE } from './base-template';
import { PRELOADS, ROOT, RULES, SHARED, TEMPLATE_SCHEMA, armlint, expectNoStackTrace, listFiles, makeTempDir, removeDir, snapshot, vmWithExtension, writeFiles } from './helpers';

let dir: string;
beforeEach(() => {
  dir = makeTempDir('armlint-security-');
});
afterEach(() => removeDir(dir));

test('armlint opens no network connection and resolves no name (lint and --fix, stylish and JSON output)', () => {
  const history = path.join(SHARED, 'corpus', 'msi-history');
  writeFiles(dir, { 'base.json': JSON.stringify(BASE, null, 2), 'vm.json': vmWithExtension() });
  if (fs.existsSync(history)) fs.cpSync(history, path.join(dir, 'history'), { recursive: true });
  const log = path.join(dir, '..', `${path.basename(dir)}-network.log`);
  const env = { ARMLINT_TEST_NETWORK_LOG: log };
  const preload = [path.join(PRELOADS, 'no-network.js')];
  const runs = [
    armlint(['--format', 'json', dir], { preload, env }),
    armlint([dir], { preload, env }),
    armlint(['--fix', dir], { preload, env }),
  ];
  for (const run of runs) {
    expectNoStackTrace(run);
    expect(run.stderr).not.toMatch(/network access denied/);
  }
  expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
  fs.rmSync(log, { force: true });
});

describe('a config file is data, never executed', () => {
  const marker = () => path.join(dir, 'EXECUTED');
  const js = () => `require('fs').writeFileSync(${JSON.stringify(marker())}, 'pwned'); module.exports = { rules: {} };`;

  test('JavaScript next to the templates, under config-like names, is never run', () => {
    writeFiles(dir, {
      'vm.json': vmWithExtension(),
      'armlint.config.js': js(),
      'armlint.config.cjs': js(),
      'armlint.config.mjs': `import fs from 'fs'; fs.writeFileSync(${JSON.stringify(marker())}, 'pwned');`,
      '.armlintrc.js': js(),
      '.armlintrc.cjs': js(),
      '.armlintrc': js(),
    });
    const log = path.join(dir, '..', `${path.basename(dir)}-modules.json`);
    const run = armlint(['--fix', dir], { cwd: dir, preload: [path.join(PRELOADS, 'record-modules.js')], env: { ARMLINT_TEST_MODULES_LOG: log } });
    expectNoStackTrace(run);
    expect(fs.existsSync(marker())).toBe(false);
    const { compiled, polluted } = JSON.parse(fs.readFileSync(log, 'utf8')) as { compiled: string[]; polluted: string[] };
    fs.rmSync(log);
    expect(compiled.filter((f) => !f.startsWith(ROOT + path.sep) || f.startsWith(dir))).toEqual([]);
    expect(polluted).toEqual([]);
  });

  test('--config naming a JavaScript file reads it as JSON (a clear error), never runs it', () => {
    writeFiles(dir, { 'vm.json': vmWithExtension(), 'evil.js': js() });
    const run = armlint(['--config', path.join(dir, 'evil.js'), dir], { cwd: dir });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    expect(fs.existsSync(marker())).toBe(false);
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  test('a JSON config with __proto__ keys pollutes nothing', () => {
    const config = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "rules": {"__proto__": {"polluted": true}}}';
    writeFiles(dir, { 'vm.json': vmWithExtension(), 'armlint.config.json': config });
    const log = path.join(dir, '..', `${path.basename(dir)}-modules.json`);
    const run = armlint([dir], { cwd: dir, preload: [path.join(PRELOADS, 'record-modules.js')], env: { ARMLINT_TEST_MODULES_LOG: log } });
    expectNoStackTrace(run);
    const { polluted } = JSON.parse(fs.readFileSync(log, 'utf8')) as { polluted: string[] };
    fs.rmSync(log);
    expect(polluted).toEqual([]);
  });
});

test('--fix writes only the files it was given: siblings, parents and other folders keep their bytes and mtimes', () => {
  writeFiles(dir, { 'given/a.json': vmWithExtension(), 'given/sub/b.json': vmWithExtension(), 'other/c.json': vmWithExtension(), 'top.json': vmWithExtension() });
  const before = snapshot(dir);
  const run = armlint(['--fix', path.join(dir, 'given', 'sub'), path.join(dir, 'top.json')]);
  expect(run.status).toBe(0);
  const after = snapshot(dir);
  const changed = [...after].filter(([name, v]) => !before.get(name)!.bytes.equals(v.bytes)).map(([name]) => name).sort();
  expect(changed).toEqual([path.join('given', 'sub', 'b.json'), 'top.json']);
  expect(listFiles(dir).map((f) => path.relative(dir, f)).sort()).toEqual([...before.keys()].sort());
});

describe('regular expressions on template text are linear-time (1 MB pathological inputs)', () => {
  const MB = 1024 * 1024;
  const template = (value: string, key = 'commandToExecute') =>
    JSON.stringify({
      $schema: TEMPLATE_SCHEMA,
      resources: [
        { type: 'Microsoft.Compute/virtualMachines/extensions', apiVersion: '2018-06-01', name: 'vm/script', dependsOn: [value.slice(0, MB)], properties: { publisher: 'Microsoft.ManagedIdentity', type: value.slice(0, 64), settings: { [key]: value } } },
      ],
      outputs: { o: { type: 'string', value } },
    });
  const cases: Array<[string, string]> = [
    ['partial endpoints', 'localhost:5034'.repeat(MB / 14)],
    ['endpoint then a 1 MB query', `http://localhost:50342/oauth2/token?${'a=b&'.repeat(MB / 4)}`],
    ['endpoint and curl-like flags', `http://localhost:50342/oauth2/token ${' -X'.repeat(MB / 3)}`],
    ['endpoint and data flags', `http://localhost:50342/oauth2/token ${' --data-'.repeat(MB / 8)}`],
    ['endpoint and -Method', `http://localhost:50342/oauth2/token ${' -Method '.repeat(MB / 9)}`],
    ['white space then a letter', `${' '.repeat(MB)}x`],
    ['brackets', `[${'['.repeat(MB)}`],
    ['an expression of nested calls', `[${'concat('.repeat(MB / 7)}]`],
    ['an expression of many arguments', `[concat(${"'a',".repeat(MB / 4)}'a')]`],
    ['an unterminated expression string', `[concat('${"''".repeat(MB / 2)}]`],
    ['resource ids', `/providers/${'a.b/'.repeat(MB / 4)}`],
    ['dotted names', `${'a.'.repeat(MB / 2)}`],
    ['template schema suffixes', 'deploymenttemplate.json'.repeat(MB / 23)],
    ['positions in messages', 'line 1, column '.repeat(MB / 15)],
    ['IMDS-looking text', `${'oauth2 '.repeat(MB / 7)}50342 ManagedIdentity`],
  ];
  test.each(cases)('%s', (_name, value) => {
    for (const text of [template(value), template(value, 'script'), `{"$schema": ${JSON.stringify(value)}, "resources": []}`]) {
      const start = process.hrtime.bigint();
      const outcome = lintText(text, RULES);
      fixText(text, RULES);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      expect(outcome.internalError).toBeFalsy();
      // Linear work on 1-2 MB takes tens of milliseconds; a quadratic pattern would take minutes.
      expect(ms).toBeLessThan(5000);
    }
  });
});

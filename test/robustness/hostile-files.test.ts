/**
 * Issue 6, behaviours 1-3, through the real CLI: bad files never stop the
 * run, size and depth are bounded, file-system oddities get one clear line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  PRELOADS,
  TEMPLATE_SCHEMA,
  armlint,
  expectNoStackTrace,
  jsonReport,
  makeTempDir,
  removeDir,
  reportFor,
  snapshot,
  vmWithExtension,
  writeFiles,
} from './helpers';

const EXT_RULE = 'no-managed-identity-extension';
const good = vmWithExtension();
const utf16 = (text: string, bom: boolean, bigEndian = false) => {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return bigEndian ? le.swap16() : le;
};

/** 1-based line and column of an offset in LF text. */
function at(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
const cut = (n: number) => good.slice(0, n);
const inComment = good.indexOf('"contentVersion"');

/** Bad files: name → content, and what the fatal message must say (undefined: silently skipped as not a template). */
const BAD: Array<{ name: string; content: string | Buffer; message: RegExp | undefined; line?: number; column?: number }> = [
  { name: 'truncated.json', content: cut(400), message: /^Parsing error: Closing bracket '\]' expected$/, ...at(good, 400) },
  { name: 'truncated-in-string.json', content: cut(380), message: /^Parsing error: Unterminated string$/, ...at(good, cut(380).lastIndexOf('"')) },
  { name: 'binary.json', content: Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)), message: /binary or UTF-16/, line: 1, column: 1 },
  { name: 'invalid-utf8.json', content: Buffer.from(Array.from({ length: 300 }, (_, i) => 0x80 + (i % 120))), message: /^Parsing error: /, line: 1, column: 1 },
  { name: 'nul-after-8k.json', content: `{"$schema": "${TEMPLATE_SCHEMA}", "x": "${'a'.repeat(9000)}"}\u0000`, message: /^Parsing error: /, line: 1 },
  { name: 'empty.json', content: '', message: /^Parsing error: the file is empty$/, line: 1, column: 1 },
  { name: 'bom-only.json', content: '\ufeff', message: /^Parsing error: the file holds only a byte order mark$/, line: 1, column: 1 },
  { name: 'whitespace.json', content: ' \r\n\t\n', message: /^Parsing error: the file holds only white space$/, line: 1, column: 1 },
  { name: 'utf16le-bom.json', content: utf16(good, true), message: /UTF-16/, line: 1, column: 1 },
  { name: 'utf16be-bom.json', content: utf16(good, true, true), message: /UTF-16/, line: 1, column: 1 },
  { name: 'utf16le-no-bom.json', content: utf16(good, false), message: /UTF-16/, line: 1, column: 1 },
  { name: 'unterminated-comment.json', content: `${cut(inComment)}/* never closed`, message: /^Parsing error: Unterminated comment$/, ...at(good, inComment) },
  { name: 'trailing-garbage.json', content: `${good}}}`, message: /^Parsing error: End of file expected$/, ...at(`${good}}}`, good.length) },
  { name: 'two-values.json', content: `${good}${good}`, message: /^Parsing error: End of file expected$/, ...at(`${good}${good}`, good.length) },
  // A non-object top level: explained when the text declares a template schema (a template wrapped in an array)...
  { name: 'top-array.json', content: `[${good}]`, message: /^Parsing error: the top level is an array, not an object; a deployment template is one JSON object$/, line: 1, column: 1 },
  // ...and skipped like any non-template JSON otherwise.
  { name: 'top-array-other.json', content: '[1, 2, {"a": "b"}]\n', message: undefined },
  { name: 'top-string.json', content: JSON.stringify(good), message: undefined },
  { name: 'top-number.json', content: '42\n', message: undefined },
  { name: 'top-null.json', content: 'null\n', message: undefined },
  { name: 'top-true.json', content: 'true\n', message: undefined },
];

/** Templates whose nodes have the wrong JSON type: linted, no finding, no internal error. */
function wrongTyped(): Record<string, string> {
  const out: Record<string, string> = {};
  const values: Record<string, unknown> = { string: 'ManagedIdentityExtensionForLinux identityIds', number: 50342, null: null, object: { publisher: 'Microsoft.ManagedIdentity' }, array: ['Microsoft.ManagedIdentity'], boolean: true };
  for (const [kind, value] of Object.entries(values)) {
    const base = JSON.parse(good);
    if (kind !== 'array') out[`resources-${kind}.json`] = JSON.stringify({ ...base, resources: value }, null, 2);
    for (const key of ['properties', 'identity', 'dependsOn', 'resources']) {
      if (key === 'properties' && kind === 'object') continue; // the right type: a real extension
      const t = JSON.parse(good);
      const ext = t.resources[0].resources[0];
      ext[key] = value;
      if (key !== 'properties') ext.properties = { publisher: 'Contoso', type: 'CustomScript', settings: { note: 'ManagedIdentity identityIds userAssignedIdentities' } };
      out[`ext-${key}-${kind}.json`] = JSON.stringify(t, null, 2);
    }
  }
  return out;
}

describe('bad files never stop the run', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('armlint-hostile-');
    writeFiles(dir, Object.fromEntries(BAD.map((b) => [b.name, b.content])));
    writeFiles(dir, wrongTyped());
    writeFiles(dir, { 'zz-good.json': good, 'aa-good.json': good });
  });
  afterAll(() => removeDir(dir));

  test('each bad file gets one fatal message with line and column; the good files are still linted', () => {
    const run = armlint(['--format', 'json', dir]);
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const reports = jsonReport(run.stdout);
    for (const bad of BAD) {
      const found = reports.filter((r) => path.basename(r.filePath) === bad.name);
      if (!bad.message) {
        expect({ file: bad.name, reported: found.length }).toEqual({ file: bad.name, reported: 0 });
        continue;
      }
      expect(found).toHaveLength(1);
      const [message, ...rest] = found[0].messages;
      expect({ file: bad.name, rest }).toEqual({ file: bad.name, rest: [] });
      expect(message.fatal).toBe(true);
      expect(message.ruleId).toBeNull();
      expect(message.severity).toBe(2);
      expect(message.message).toMatch(bad.message);
      if (bad.line !== undefined) expect({ file: bad.name, line: message.line }).toEqual({ file: bad.name, line: bad.line });
      if (bad.column !== undefined) expect({ file: bad.name, column: message.column }).toEqual({ file: bad.name, column: bad.column });
    }
    for (const name of Object.keys(wrongTyped())) {
      expect({ name, messages: reportFor(reports, name).messages }).toEqual({ name, messages: [] });
    }
    for (const name of ['aa-good.json', 'zz-good.json']) {
      expect(reportFor(reports, name).messages.map((m) => m.ruleId)).toEqual([EXT_RULE]);
    }
  });

  test('stylish output: one line per bad file, no stack trace', () => {
    const run = armlint([dir]);
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    for (const bad of BAD.filter((b) => b.message)) {
      const block = run.stdout.split(/\n\n/).find((b) => b.split('\n')[0].endsWith(path.sep + bad.name))!;
      expect(block).toBeDefined();
      expect(block.trim().split('\n')).toHaveLength(2);
    }
  });

  test('--fix fixes the good files and leaves every bad byte alone', () => {
    const before = snapshot(dir);
    const run = armlint(['--fix', '--format', 'json', dir]);
    expectNoStackTrace(run);
    const after = snapshot(dir);
    for (const [name, { bytes }] of before) {
      if (name.endsWith('-good.json')) expect(after.get(name)!.bytes.equals(bytes)).toBe(false);
      else expect({ name, same: after.get(name)!.bytes.equals(bytes) }).toEqual({ name, same: true });
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('.armlint-'))).toEqual([]);
    const reports = jsonReport(run.stdout);
    expect(reportFor(reports, 'zz-good.json').messages).toEqual([]);
  });
});

describe('size and depth', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('armlint-size-');
  });
  afterAll(() => removeDir(dir));

  const DEPTH = 50_000;
  test.each([
    ['deep-array.json', `{"$schema": "${TEMPLATE_SCHEMA}", "variables": {"ManagedIdentity": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}, "resources": []}`],
    ['deep-object.json', `{"$schema": "${TEMPLATE_SCHEMA}",\n "variables": {"ManagedIdentity": ${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}, "resources": []}`],
    ['deep-unclosed.json', `{"$schema": "${TEMPLATE_SCHEMA}", "variables": {"ManagedIdentity": ${'['.repeat(DEPTH)}`],
    ['deep-resources.json', `{"$schema": "${TEMPLATE_SCHEMA}", "resources": [${'{"type": "Microsoft.ManagedIdentity/x", "name": "n", "resources": ['.repeat(DEPTH / 2)}${']}'.repeat(DEPTH / 2)}]}`],
  ])('%s: nested 50,000 levels: a positioned fatal message, no stack overflow', (name, text) => {
    writeFiles(dir, { [name]: text, 'ok.json': good });
    const run = armlint(['--fix', '--format', 'json', path.join(dir, name), path.join(dir, 'ok.json')]);
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const [message] = reportFor(jsonReport(run.stdout), name).messages;
    expect(message).toMatchObject({ fatal: true, message: expect.stringMatching(/nesting deeper than 256 levels/) });
    expect(message.line).toBeGreaterThanOrEqual(1);
    expect(message.column).toBeGreaterThan(1);
    expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    expect(reportFor(jsonReport(run.stdout), 'ok.json').messages).toEqual([]);
  });

  test('deep nesting in a file no rule can fire on is not a problem (it is never parsed into a tree)', () => {
    const text = `{"$schema": "${TEMPLATE_SCHEMA}", "variables": {"x": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}, "resources": []}`;
    writeFiles(dir, { 'deep-inert.json': text });
    const run = armlint(['--format', 'json', path.join(dir, 'deep-inert.json')]);
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
  });

  test('a 30 MB string value: linted and fixed, bounded memory', () => {
    const template = JSON.parse(good);
    template.variables = { big: 'ManagedIdentity '.repeat((30 * 1024 * 1024) / 16) };
    const text = JSON.stringify(template, null, 2);
    writeFiles(dir, { 'big-string.json': text });
    const rssFile = path.join(dir, 'rss.txt');
    const run = armlint(['--fix', '--format', 'json', path.join(dir, 'big-string.json')], { preload: [path.join(PRELOADS, 'max-rss.js')], env: { ARMLINT_TEST_RSS_FILE: rssFile } });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    const fixed = fs.readFileSync(path.join(dir, 'big-string.json'), 'utf8');
    expect(JSON.parse(fixed).variables.big).toBe(template.variables.big);
    // The extension was the VM's only child: the emptied `resources` array goes with it.
    expect(JSON.parse(fixed).resources[0].resources).toBeUndefined();
    const maxRssMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    // eslint-disable-next-line no-console
    console.log(`30 MB string, --fix: peak RSS ${Math.round(maxRssMb)} MB`);
    expect(maxRssMb).toBeLessThan(800);
  });

  test('a 1 MB minified template is fixed without being reformatted', () => {
    const template = JSON.parse(good);
    const filler = Array.from({ length: 5000 }, (_, i) => ({
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2022-09-01',
      name: `st${i}`,
      location: 'westus',
      sku: { name: 'Standard_LRS' },
      kind: 'StorageV2',
      properties: { supportsHttpsTrafficOnly: true, minimumTlsVersion: 'TLS1_2' },
    }));
    template.resources.push(...filler);
    const text = JSON.stringify(template);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    writeFiles(dir, { 'minified.json': text });
    const run = armlint(['--fix', '--format', 'json', path.join(dir, 'minified.json')]);
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    const fixed = fs.readFileSync(path.join(dir, 'minified.json'), 'utf8');
    // Exactly the VM's `resources` (the extension was its only child) left: the text around it is byte-identical, still one line.
    const children = `,"resources":[${JSON.stringify(template.resources[0].resources[0])}]`;
    const at = text.indexOf(children);
    expect(fixed).toBe(text.slice(0, at) + text.slice(at + children.length));
    expect(fixed).not.toContain('\n');
  });

  test('a file over the 64 MB limit is reported without being read', () => {
    const file = path.join(dir, 'huge.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 65 * 1024 * 1024);
    writeFiles(dir, { 'ok2.json': good });
    const run = armlint(['--format', 'json', file, path.join(dir, 'ok2.json')]);
    expectNoStackTrace(run);
    const reports = jsonReport(run.stdout);
    expect(reportFor(reports, 'huge.json').messages).toEqual([
      expect.objectContaining({ fatal: true, line: 1, column: 1, message: expect.stringMatching(/^Could not read the file: it is 65 MB, more than armlint's limit of 64 MB/) }),
    ]);
    expect(reportFor(reports, 'ok2.json').messages).toHaveLength(1);
    fs.rmSync(file);
  });
});

describe('file system', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir('armlint-fs-');
  });
  afterEach(() => removeDir(dir));

  test('a directory named x.json is searched, not read', () => {
    writeFiles(dir, { 'x.json/inner.json': good, 'top.json': good });
    const run = armlint(['--format', 'json', dir]);
    expectNoStackTrace(run);
    const names = jsonReport(run.stdout).map((r) => path.relative(dir, r.filePath)).sort();
    expect(names).toEqual(['top.json', path.join('x.json', 'inner.json')]);
    const explicit = armlint(['--format', 'json', path.join(dir, 'x.json')]);
    expect(jsonReport(explicit.stdout).map((r) => path.basename(r.filePath))).toEqual(['inner.json']);
    expect(explicit.stderr).toBe('');
  });

  test('a symbolic link loop under a searched folder does not trap the walk', () => {
    writeFiles(dir, { 'a/t.json': good });
    fs.symlinkSync('..', path.join(dir, 'a', 'up'));
    fs.symlinkSync('self.json', path.join(dir, 'a', 'self.json'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop'));
    const run = armlint(['--format', 'json', dir], { timeoutMs: 20_000 });
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    expect(jsonReport(run.stdout).map((r) => path.relative(dir, r.filePath))).toEqual([path.join('a', 't.json')]);
    const explicit = armlint([path.join(dir, 'a', 'self.json'), path.join(dir, 'a', 't.json')]);
    expect(explicit.stderr.trim().split('\n')).toEqual([`armlint: ${path.join(dir, 'a', 'self.json')}: a symbolic link loop.`]);
    expect(explicit.status).toBe(1);
  });

  test('a file that disappears between discovery and reading is reported, and the rest is linted', () => {
    writeFiles(dir, { 'a.json': good, 'b.json': good, 'c.json': good });
    const victim = path.join(dir, 'b.json');
    const run = armlint(['--fix', '--format', 'json', dir], { preload: [path.join(PRELOADS, 'vanish.js')], env: { ARMLINT_TEST_VANISH: victim } });
    expectNoStackTrace(run);
    const reports = jsonReport(run.stdout);
    expect(reportFor(reports, 'b.json').messages).toEqual([
      expect.objectContaining({ fatal: true, message: 'Could not read the file: it no longer exists', line: 1, column: 1 }),
    ]);
    expect(reportFor(reports, 'a.json').messages).toEqual([]);
    expect(reportFor(reports, 'c.json').messages).toEqual([]);
    expect(fs.existsSync(victim)).toBe(false);
  });

  test('a path that does not exist: one line, exit 2 when nothing could be linted', () => {
    const alone = armlint([path.join(dir, 'missing.json')]);
    expect(alone.status).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr.trim().split('\n')).toEqual([`armlint: ${path.join(dir, 'missing.json')}: no such file or directory.`]);
    writeFiles(dir, { 'ok.json': good });
    const mixed = armlint([path.join(dir, 'missing.json'), path.join(dir, 'ok.json')]);
    expect(mixed.status).toBe(1);
    expect(mixed.stderr.trim().split('\n')).toHaveLength(1);
    expect(mixed.stdout).toContain(EXT_RULE);
    const glob = armlint([path.join(dir, 'nothing-*.json')]);
    expect(glob.status).toBe(2);
    expect(glob.stderr.trim().split('\n')).toHaveLength(1);
  });

  const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;
  (hasMkfifo ? test : test.skip)('a FIFO named x.json is never opened (it would block)', () => {
    writeFiles(dir, { 'ok.json': good });
    expect(spawnSync('mkfifo', [path.join(dir, 'pipe.json')]).status).toBe(0);
    const searched = armlint(['--format', 'json', dir], { timeoutMs: 20_000 });
    expect(jsonReport(searched.stdout).map((r) => path.basename(r.filePath))).toEqual(['ok.json']);
    const explicit = armlint([path.join(dir, 'pipe.json'), path.join(dir, 'ok.json')], { timeoutMs: 20_000 });
    expect(explicit.stderr.trim()).toBe(`armlint: ${path.join(dir, 'pipe.json')}: not a regular file or directory.`);
    expect(explicit.status).toBe(1);
  });

  const isRoot = process.getuid?.() === 0;
  (isRoot ? test.skip : test)('an unreadable file is reported, the rest is linted', () => {
    writeFiles(dir, { 'locked.json': good, 'ok.json': good });
    fs.chmodSync(path.join(dir, 'locked.json'), 0);
    const run = armlint(['--format', 'json', dir]);
    expect(reportFor(jsonReport(run.stdout), 'locked.json').messages[0].message).toBe('Could not read the file: permission denied');
  });
});

/**
 * Issue 6, behaviour 4, through the real CLI: atomic writes that keep the
 * mode, fixes refused when their result would not re-parse or would add a
 * problem (the file left untouched, the rule named), no byte touched outside
 * a fix's edits, a second --fix changes nothing, unchanged files are not
 * rewritten, links are never written through.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/engine/linter';
import type { Edit } from '../../src/engine/types';
import { applyFixes } from '../../src/fixer/apply-fixes';
import { fixText } from '../../src/fixer/fix-text';
import { BASE } from './base-template';
import {
  PRELOADS,
  RULES,
  SHARED,
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

const IMDS = 'imds-token-endpoint';
/** Only the token URL (imds-token-endpoint), fixable on its own. */
const tokenTemplate = JSON.stringify(
  {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines/extensions',
        apiVersion: '2018-06-01',
        name: 'vm1/script',
        properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', settings: { commandToExecute: 'curl -s http://localhost:50342/oauth2/token?resource=https://vault.azure.net -H Metadata:true' } },
      },
    ],
  },
  null,
  2,
);

let dir: string;
beforeEach(() => {
  dir = makeTempDir('armlint-fix-safety-');
});
afterEach(() => removeDir(dir));

describe('a fix that fails its check is refused, the file left untouched, the rule named', () => {
  test.each([
    ['unparseable', /^Internal fix error in imds-token-endpoint: the fix was not applied because it would leave the file unparseable \(Parsing error: .+\); the file was left unchanged/],
    ['new-problem', /^Internal fix error in imds-token-endpoint: the fix was not applied because its result has a problem the file did not have \(imds-token-endpoint: .*sends its parameters in a body/],
    ['out-of-range', /^Internal fix error in imds-token-endpoint: the fix was not applied because its edits are invalid/],
    ['throws', /^Internal error in rule imds-token-endpoint: fix builder exploded$/],
  ])('%s', (mode, message) => {
    writeFiles(dir, { 'token.json': tokenTemplate, 'vm.json': vmWithExtension() });
    const before = snapshot(dir);
    const run = armlint(['--fix', '--format', 'json', dir], { preload: [path.join(PRELOADS, 'bad-fix.js')], env: { ARMLINT_TEST_BAD_FIX: mode } });
    expectNoStackTrace(run);
    expect(run.status).toBe(2);
    const reports = jsonReport(run.stdout);
    const token = reportFor(reports, 'token.json');
    expect(token.messages[0]).toMatchObject({ fatal: true, ruleId: null, line: 1, column: 1, message: expect.stringMatching(message) });
    expect(token.messages.slice(1).map((m) => m.ruleId)).toEqual(mode === 'throws' ? [] : [IMDS]);
    const after = snapshot(dir);
    expect(after.get('token.json')).toEqual(before.get('token.json'));
    // The other file was fixed as usual.
    expect(after.get('vm.json')!.bytes.equals(before.get('vm.json')!.bytes)).toBe(false);
    expect(reportFor(reports, 'vm.json').messages).toEqual([]);
  });
});

describe('writes', () => {
  test('atomic: a new file renamed into place, the mode kept, no temporary file left', () => {
    writeFiles(dir, { 'vm.json': vmWithExtension() });
    const file = path.join(dir, 'vm.json');
    fs.chmodSync(file, 0o640);
    const inode = fs.statSync(file).ino;
    const run = armlint(['--fix', file]);
    expect(run.status).toBe(0);
    const stat = fs.statSync(file);
    expect(stat.mode & 0o7777).toBe(0o640);
    expect(stat.ino).not.toBe(inode);
    expect(fs.readdirSync(dir)).toEqual(['vm.json']);
  });

  test('a failed rename leaves the file as it was and no temporary file behind', () => {
    writeFiles(dir, { 'vm.json': vmWithExtension() });
    const before = snapshot(dir);
    const run = armlint(['--fix', '--format', 'json', dir], { preload: [path.join(PRELOADS, 'fail-rename.js')] });
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const [first, ...rest] = reportFor(jsonReport(run.stdout), 'vm.json').messages;
    expect(first).toMatchObject({ fatal: true, message: expect.stringMatching(/^Could not write the fixed file \(left unchanged\): EIO/) });
    expect(rest.map((m) => m.ruleId)).toEqual(['no-managed-identity-extension']);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a file edited by someone else while armlint fixes it is not overwritten', () => {
    writeFiles(dir, { 'vm.json': vmWithExtension() });
    const run = armlint(['--fix', '--format', 'json', dir], { preload: [path.join(PRELOADS, 'concurrent-edit.js')] });
    expectNoStackTrace(run);
    expect(reportFor(jsonReport(run.stdout), 'vm.json').messages[0].message).toBe(
      'Could not write the fixed file (left unchanged): the file changed on disk while armlint was fixing it',
    );
    expect(fs.readFileSync(path.join(dir, 'vm.json'), 'utf8')).toBe(`${vmWithExtension()}\n// edited meanwhile\n`);
    expect(fs.readdirSync(dir)).toEqual(['vm.json']);
  });

  test('durability is one batch after every file was replaced, not one fsync per file', () => {
    writeFiles(dir, { 'a/vm.json': vmWithExtension(), 'b/vm.json': vmWithExtension(), 'b/other.json': vmWithExtension() });
    const log = path.join(makeTempDir(), 'flushes.log');
    fs.writeFileSync(log, '');
    const env = { ARMLINT_TEST_LOG: log, ARMLINT_TEST_ROOT: dir };
    const run = armlint(['--fix', '--concurrency', 'off', dir], { preload: [path.join(PRELOADS, 'record-flushes.js')], env });
    expectNoStackTrace(run);
    expect(run.status).toBe(0);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    // Renames overlap the linting of the next files, so their order may vary; flushing comes after all of them.
    expect(lines.slice(0, 3).sort()).toEqual(['rename a/vm.json', 'rename b/other.json', 'rename b/vm.json'].map((l) => l.split('/').join(path.sep)));
    if (process.platform === 'linux') expect(lines.slice(3)).toEqual(['sync --file-system --']);
    // Elsewhere: one flush per file, then one per folder (none on Windows).
    else expect(lines.slice(3)).toEqual(Array(process.platform === 'win32' ? 3 : 5).fill('fsync'));
    removeDir(path.dirname(log));
  });

  test('a fixed file that cannot be flushed to disk is reported (fatal), with the fix kept', () => {
    writeFiles(dir, { 'vm.json': vmWithExtension() });
    const run = armlint(['--fix', '--format', 'json', dir], { preload: [path.join(PRELOADS, 'fail-fsync.js')] });
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const messages = reportFor(jsonReport(run.stdout), 'vm.json').messages;
    expect(messages).toEqual([expect.objectContaining({ fatal: true, message: 'The fixed file was written but could not be flushed to disk: EIO: i/o error, fsync' })]);
    expect(fs.readFileSync(path.join(dir, 'vm.json'), 'utf8')).not.toContain('ManagedIdentityExtension');
    expect(fs.readdirSync(dir)).toEqual(['vm.json']);
  });

  test('a symbolic link is never written through nor replaced', () => {
    writeFiles(dir, { 'target/vm.json': vmWithExtension(), 'given/real.json': vmWithExtension() });
    const link = path.join(dir, 'given', 'link.json');
    fs.symlinkSync(path.join('..', 'target', 'vm.json'), link);
    const explicit = armlint(['--fix', '--format', 'json', link]);
    expectNoStackTrace(explicit);
    expect(explicit.status).toBe(1);
    const [first, ...rest] = reportFor(jsonReport(explicit.stdout), 'link.json').messages;
    expect(first.message).toBe(`Not fixed: the file is a symbolic link to ${path.join('..', 'target', 'vm.json')}; armlint never writes through links. Run armlint --fix on the link's target.`);
    expect(rest.map((m) => m.ruleId)).toEqual(['no-managed-identity-extension']);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'target', 'vm.json'), 'utf8')).toBe(vmWithExtension());
    // A searched folder: links are not followed, so only the real file is linted and fixed.
    const searched = armlint(['--fix', '--format', 'json', path.join(dir, 'given')]);
    expect(jsonReport(searched.stdout).map((r) => path.basename(r.filePath))).toEqual(['real.json']);
    expect(fs.readFileSync(path.join(dir, 'target', 'vm.json'), 'utf8')).toBe(vmWithExtension());
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('idempotence and untouched files', () => {
  test('--fix twice: the second run changes nothing; files without changes keep their bytes and mtime', () => {
    const clean = JSON.stringify({ $schema: TEMPLATE_SCHEMA, contentVersion: '1.0.0.0', resources: [] }, null, 2);
    writeFiles(dir, { 'vm.json': vmWithExtension('\t', '\r\n'), 'token.json': tokenTemplate, 'clean.json': clean, 'base.json': JSON.stringify(BASE, null, 4) });
    const past = new Date(Date.now() - 3600_000);
    for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), past, past);
    const before = snapshot(dir);
    const first = armlint(['--fix', dir]);
    expectNoStackTrace(first);
    const once = snapshot(dir);
    expect(once.get('clean.json')).toEqual(before.get('clean.json'));
    for (const name of ['vm.json', 'token.json', 'base.json']) expect(once.get(name)!.bytes.equals(before.get(name)!.bytes)).toBe(false);
    const second = armlint(['--fix', dir]);
    expectNoStackTrace(second);
    expect(second.status).toBe(first.status);
    expect(snapshot(dir)).toEqual(once);
  });
});

/** Applies reported fixes ({range, text}) to the original text, last first. */
function splice(text: string, fixes: Array<{ range: [number, number]; text: string }>): string {
  let out = text;
  for (const f of [...fixes].sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, f.range[0]) + f.text + out.slice(f.range[1]);
  return out;
}

describe('a fix never touches a byte outside its edits', () => {
  const corpus = path.join(SHARED, 'corpus', 'msi-history');
  const files: Array<[string, string]> = [['BASE (all rules)', JSON.stringify(BASE, null, 2)], ['vm (tabs, CRLF)', vmWithExtension('\t', '\r\n')], ['token', tokenTemplate]];
  if (fs.existsSync(corpus)) for (const f of fs.readdirSync(corpus).filter((n) => n.endsWith('.json'))) files.push([f, fs.readFileSync(path.join(corpus, f), 'utf8')]);
  else console.log(`skipping msi-history files: ${corpus} not found`);

  test.each(files)('%s: --fix output = the original with the reported edits spliced in', (name, text) => {
    writeFiles(dir, { 't.json': text });
    const file = path.join(dir, 't.json');
    const lint = armlint(['--format', 'json', file]);
    const reported = reportFor(jsonReport(lint.stdout), 't.json').messages.flatMap((m) => (m.fix ? [m.fix] : []));
    const fixed = armlint(['--fix', file]);
    expectNoStackTrace(fixed);
    const output = fs.readFileSync(file, 'utf8');
    // The reported ranges are the only places that may differ: every byte between them is kept, in order.
    const ranges = reported.map((f) => f.range).sort((a, b) => a[0] - b[0]);
    let cursor = 0;
    let at = 0;
    for (const [start, end] of ranges) {
      if (start < cursor) continue; // overlapping fixes wait for a later pass
      const kept = text.slice(cursor, start);
      const found = output.indexOf(kept, at);
      expect({ name, keptAt: found >= at }).toEqual({ name, keptAt: true });
      at = found + kept.length;
      cursor = end;
    }
    expect(output.endsWith(text.slice(cursor))).toBe(true);
    // When one pass is enough, the output is exactly the splice.
    const nonOverlapping = reported.filter((f, i) => reported.every((g, j) => j === i || g.range[1] <= f.range[0] || f.range[1] <= g.range[0]));
    const spliced = splice(text, nonOverlapping);
    if (nonOverlapping.length === reported.length && !lintText(spliced, RULES).findings.some((f) => f.fix)) expect(output).toBe(spliced);
  });

  test('applyFixes refuses an edit outside the text instead of guessing', () => {
    const bad: Edit = { offset: 5, length: 10, content: '' };
    expect(() => applyFixes('{"a":1}', [{ edits: [bad] }])).toThrow(/outside the text/);
    expect(() => applyFixes('{"a":1}', [{ edits: [{ offset: -1, length: 0, content: '' }] }])).toThrow(/outside the text/);
    expect(() => applyFixes('{"a":1}', [{ edits: [{ offset: 1.5, length: 0, content: '' }] }])).toThrow(/outside the text/);
  });

  test('fixText keeps the original when a pass would fail its check', () => {
    const text = vmWithExtension();
    const outcome = fixText(text, RULES);
    expect(outcome.internalError).toBeFalsy();
    expect(outcome.output).not.toBe(text);
  });
});

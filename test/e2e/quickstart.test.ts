/**
 * End to end on ../shared/corpus/quickstart: 4,025 real .json files (templates,
 * parameter files, metadata, UI definitions), none using the deprecated
 * extension or array identities. Expected: no finding, no parse error, and
 * `--fix` changes no byte.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { SHARED, copyDir, describeIfShared, jsonReport, listFiles, removeDir, runCli, snapshot } from './support';

const CORPUS = path.join(SHARED, 'corpus', 'quickstart');
const TEMPLATE_SCHEMA = /(deploymentTemplate|subscriptionDeploymentTemplate|managementGroupDeploymentTemplate|tenantDeploymentTemplate)\.json#?$/i;

/** The corpus's deployment templates, classified by the test itself from each file's top-level `$schema`. */
function templatesByOwnReading(files: string[]): { strict: Set<string>; withoutHash: Set<string> } {
  const strict = new Set<string>();
  const withoutHash = new Set<string>();
  for (const file of files) {
    let text = fs.readFileSync(file, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const errors: ParseError[] = [];
    const value = parse(text, errors, { allowTrailingComma: true });
    const schema = value && typeof value === 'object' && !Array.isArray(value) ? value.$schema : undefined;
    if (typeof schema !== 'string' || !TEMPLATE_SCHEMA.test(schema)) continue;
    if (schema.endsWith('#')) strict.add(file);
    else withoutHash.add(file);
  }
  return { strict, withoutHash };
}

describeIfShared('quickstart corpus (real templates, no deprecated code)', CORPUS, () => {
  let jsonFiles: string[];

  beforeAll(() => {
    jsonFiles = listFiles(CORPUS).filter((f) => f.endsWith('.json'));
  });

  test('corpus size', () => {
    expect(jsonFiles).toHaveLength(4025);
  });

  test('lint --format json on the folder: exit 0, no message at all, no fatal error, every template reported', () => {
    const started = Date.now();
    const run = runCli(['--format', 'json', CORPUS]);
    const wallMs = Date.now() - started;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const reports = jsonReport(run.stdout);
    const messages = reports.flatMap((r) => r.messages.map((m) => ({ file: path.relative(CORPUS, r.filePath), ...m })));
    const fatal = messages.filter((m) => m.fatal);
    // eslint-disable-next-line no-console
    console.log(
      `quickstart lint: ${reports.length} templates reported of ${jsonFiles.length} .json files, ${messages.length} messages, ${fatal.length} fatal, wall time ${wallMs} ms`,
    );
    expect(fatal).toEqual([]);
    expect(messages).toEqual([]);
    for (const r of reports) {
      expect({ file: r.filePath, errors: r.errorCount, warnings: r.warningCount, fatal: r.fatalErrorCount ?? 0 }).toEqual({
        file: r.filePath,
        errors: 0,
        warnings: 0,
        fatal: 0,
      });
    }
    // Reported = deployment templates only: compare with the test's own reading of each file's $schema.
    const own = templatesByOwnReading(jsonFiles);
    const reported = new Set(reports.map((r) => path.resolve(r.filePath)));
    // eslint-disable-next-line no-console
    console.log(
      `quickstart: own $schema reading finds ${own.strict.size} templates ending in '#', ${own.withoutHash.size} more without the '#' (brief/README says 1,772)`,
    );
    for (const f of own.strict) expect({ file: f, reported: reported.has(f) }).toEqual({ file: f, reported: true });
    for (const f of reported) {
      expect({ file: f, template: own.strict.has(f) || own.withoutHash.has(f) }).toEqual({ file: f, template: true });
    }
    expect(reports.length).toBeGreaterThanOrEqual(1772);
  });

  describe('--fix on a temporary copy', () => {
    let dir: string;
    beforeAll(() => {
      dir = copyDir(CORPUS);
    });
    afterAll(() => removeDir(dir));

    test('exit 0, every file byte-identical to the original, no mtime changed', () => {
      const before = snapshot(dir);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      const started = Date.now();
      const run = runCli(['--fix', '--format', 'json', dir]);
      const wallMs = Date.now() - started;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const reports = jsonReport(run.stdout);
      const messages = reports.flatMap((r) => r.messages);
      const withOutput = reports.filter((r) => r.output !== undefined).map((r) => r.filePath);
      // eslint-disable-next-line no-console
      console.log(`quickstart --fix: ${reports.length} templates reported, ${messages.length} messages, ${withOutput.length} rewritten, wall time ${wallMs} ms`);
      expect(messages).toEqual([]);
      expect(withOutput).toEqual([]);

      const after = snapshot(dir);
      expect(after.size).toBe(before.size);
      const changed: string[] = [];
      const touched: string[] = [];
      for (const [file, b] of before) {
        const a = after.get(file);
        if (!a || !a.bytes.equals(b.bytes)) changed.push(file);
        else if (a.mtimeMs !== b.mtimeMs) touched.push(file);
      }
      expect(changed).toEqual([]);
      expect(touched).toEqual([]);
      // And the copy still equals the shared originals byte for byte.
      for (const file of before.keys()) {
        const original = fs.readFileSync(path.join(CORPUS, file));
        if (!original.equals(after.get(file)!.bytes)) changed.push(file);
      }
      expect(changed).toEqual([]);
    });
  });
});

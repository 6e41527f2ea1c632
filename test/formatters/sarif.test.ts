/**
 * --format sarif through the real CLI over the golden fixtures: the log
 * validates against the OASIS SARIF 2.1.0 schema (draft-04, ajv-draft-04),
 * and applying every result's fix replacements to the original file bytes
 * gives exactly what --fix writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SHARED, armlint, describeIfShared, makeTempDir, removeDir } from '../cli/helpers';
import { replacementSpan, type Region, type Replacement } from '../support/sarif-regions';

const SCHEMA_FILE = path.join(SHARED, 'sarif', 'sarif-schema-2.1.0.json');
const FIXTURES = path.join(ROOT, 'fixtures');

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region } }>;
  fixes?: Array<{ artifactChanges: Array<{ artifactLocation: { uri: string; uriBaseId?: string }; replacements: Replacement[] }> }>;
}
interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<{ id: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string } }> } };
    results: SarifResult[];
  }>;
}

/** Copies every fixture's input.json to <dir>/<fixture>.json. */
function copyFixtures(dir: string): string[] {
  const names = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, 'input.json')));
  for (const n of names) fs.copyFileSync(path.join(FIXTURES, n, 'input.json'), path.join(dir, `${n}.json`));
  return names;
}

function applyReplacements(text: string, replacements: Replacement[]): string {
  const edits = replacements.map((r) => replacementSpan(text, r)).sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end) throw new Error(`overlapping replacements at ${edits[i].start}`);
  }
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.start) + e.content + out.slice(e.end);
  return out;
}

function validator(): { validate: (data: unknown) => boolean; errors: () => unknown } {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Ajv04 = require('ajv-draft-04').default;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
  return { validate: (d) => validate(d) as boolean, errors: () => validate.errors };
}

describeIfShared('--format sarif', path.dirname(SCHEMA_FILE), () => {
  let dir: string;
  let names: string[];
  let log: SarifLog;
  let raw: string;

  beforeAll(() => {
    dir = makeTempDir('armlint-sarif-');
    names = copyFixtures(dir);
    const run = armlint(['--format', 'sarif', '.'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    raw = run.stdout;
    log = JSON.parse(raw);
  });
  afterAll(() => removeDir(dir));

  test('the log validates against the SARIF 2.1.0 schema', () => {
    const { validate, errors } = validator();
    const ok = validate(log);
    if (!ok) throw new Error(JSON.stringify(errors(), null, 2));
    expect(ok).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(names.length);
    // Kept as the closing note's evidence.
    fs.writeFileSync(path.join(dir, 'armlint.sarif'), raw);
  });

  test('one run; tool.driver has name, version, informationUri and every rule with descriptions, help URI and level', () => {
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('armlint');
    expect(driver.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    const ids = driver.rules.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['no-managed-identity-extension', 'user-assigned-identity-dictionary', 'imds-token-endpoint']));
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.fullDescription.text.length).toBeGreaterThan(10);
      expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/.+/);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(driver.rules.find((r) => r.id === 'imds-token-endpoint')!.helpUri).toMatch(/rules\/imds-token-endpoint\.md$/);
  });

  test('results: ruleId, level, message, a %SRCROOT%-relative location with a 1-based region', () => {
    for (const r of log.runs[0].results) {
      expect(typeof r.ruleId).toBe('string');
      expect(['error', 'warning']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(names.map((n) => `${n}.json`)).toContain(loc.artifactLocation.uri);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
  });

  test('every fix has non-empty replacements, and applied to the original bytes they give exactly the --fix output', () => {
    const fixDir = makeTempDir('armlint-sarif-fix-');
    try {
      copyFixtures(fixDir);
      armlint(['--fix', '.'], { cwd: fixDir });
      const byFile = new Map<string, Replacement[]>();
      for (const r of log.runs[0].results) {
        for (const fix of r.fixes ?? []) {
          expect(fix.artifactChanges.length).toBeGreaterThan(0);
          for (const change of fix.artifactChanges) {
            expect(change.replacements.length).toBeGreaterThan(0);
            const list = byFile.get(change.artifactLocation.uri) ?? [];
            list.push(...change.replacements);
            byFile.set(change.artifactLocation.uri, list);
          }
        }
      }
      expect(byFile.size).toBeGreaterThan(0);
      for (const name of names) {
        const file = `${name}.json`;
        const original = fs.readFileSync(path.join(dir, file)).toString('utf8');
        const applied = Buffer.from(applyReplacements(original, byFile.get(file) ?? []), 'utf8');
        const fixed = fs.readFileSync(path.join(fixDir, file));
        expect({ file, text: applied.toString('utf8') }).toEqual({ file, text: fixed.toString('utf8') });
        expect(applied.equals(fixed)).toBe(true);
      }
    } finally {
      removeDir(fixDir);
    }
  });

  test('the fixtures include a CRLF file with a byte order mark, so the reproduction above covers both', () => {
    expect(names).toContain('crlf-bom-tabs');
    const original = fs.readFileSync(path.join(dir, 'crlf-bom-tabs.json'));
    expect(original.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
  });
});

const MSI_HISTORY = path.join(SHARED, 'corpus', 'msi-history');

describeIfShared('--format sarif on the msi-history corpus', MSI_HISTORY, () => {
  test('valid SARIF, and the replacements reproduce --fix byte for byte', () => {
    const lintDir = makeTempDir('armlint-sarif-msi-');
    const fixDir = makeTempDir('armlint-sarif-msi-fix-');
    try {
      const files = fs.readdirSync(MSI_HISTORY).filter((f) => f.endsWith('.json'));
      for (const f of files) {
        fs.copyFileSync(path.join(MSI_HISTORY, f), path.join(lintDir, f));
        fs.copyFileSync(path.join(MSI_HISTORY, f), path.join(fixDir, f));
      }
      const sarif: SarifLog = JSON.parse(armlint(['--format', 'sarif', '.'], { cwd: lintDir }).stdout);
      armlint(['--fix', '.'], { cwd: fixDir });
      const { validate, errors } = validator();
      if (!validate(sarif)) throw new Error(JSON.stringify(errors(), null, 2));
      for (const f of files) {
        const replacements = sarif.runs[0].results
          .filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === encodeURIComponent(f))
          .flatMap((r) => (r.fixes ?? []).flatMap((x) => x.artifactChanges.flatMap((c) => c.replacements)));
        const applied = Buffer.from(applyReplacements(fs.readFileSync(path.join(lintDir, f), 'utf8'), replacements), 'utf8');
        expect(applied.equals(fs.readFileSync(path.join(fixDir, f)))).toBe(true);
      }
    } finally {
      removeDir(lintDir);
      removeDir(fixDir);
    }
  });
});

describeIfShared('--format sarif with suppressed findings', path.dirname(SCHEMA_FILE), () => {
  test('results carrying suppressions (inSource, with and without justification) validate against the schema', () => {
    const dir = makeTempDir('armlint-sarif-suppressed-');
    try {
      fs.copyFileSync(path.join(ROOT, 'examples', 'kept-on-purpose.jsonc'), path.join(dir, 'kept.jsonc'));
      const text = fs.readFileSync(path.join(ROOT, 'examples', 'kept-on-purpose.jsonc'), 'utf8');
      fs.writeFileSync(path.join(dir, 'bare.jsonc'), text.replace(/ -- .*$/m, ''));
      const run = armlint(['--format', 'sarif', '.'], { cwd: dir });
      const log = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ suppressions?: unknown }> }> };
      expect(log.runs[0].results.map((r) => r.suppressions)).toEqual([
        [{ kind: 'inSource' }],
        [{ kind: 'inSource', justification: 'the 2017 golden image still reads tokens from port 50342' }],
      ]);
      const { validate, errors } = validator();
      if (!validate(log)) throw new Error(JSON.stringify(errors(), null, 2));
    } finally {
      removeDir(dir);
    }
  });
});

/**
 * Fix data equals --fix: the JSON `fix` of each message (one range and text,
 * ESLint's shape) and the SARIF `fixes` of each result (replacements), applied
 * the way ESLint's editor integrations and SARIF consumers apply them to the
 * original bytes, give exactly what the real `--fix` writes — for every
 * golden fixture, its one-line (minified) form with compact arrays, the
 * msi-history corpus and generated templates; the quickstart corpus has no
 * fix data at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyEdits } from 'jsonc-parser';
import { ROOT, SHARED, armlint, describeIfShared, makeTempDir, removeDir } from '../cli/helpers';
import { generate, serialize, specArbitrary } from '../robustness/template-generator';
import { seedFor } from '../robustness/helpers';
import { replacementSpan, type Replacement } from '../support/sarif-regions';

interface JsonFix {
  range: [number, number];
  text: string;
}
interface JsonMessage {
  ruleId: string | null;
  fix?: JsonFix;
}
interface SarifResult {
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
  fixes?: Array<{ artifactChanges: Array<{ replacements: Replacement[] }> }>;
}

const FIXTURES = path.join(ROOT, 'fixtures');
const MSI_HISTORY = path.join(SHARED, 'corpus', 'msi-history');
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** The README's "Before" example written compactly (no space before `]`), and the same on one line. */
const COMPACT_VM = `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2017-12-01",
      "name": "vm1",
      "location": "westus",
      "identity": {"type": "UserAssigned", "identityIds": ["[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'app')]"]},
      "properties": {},
      "resources": [{"type": "extensions", "apiVersion": "2017-12-01", "name": "ManagedIdentityExtensionForLinux", "location": "westus", "dependsOn": ["vm1"], "properties": {"publisher": "Microsoft.ManagedIdentity", "type": "ManagedIdentityExtensionForLinux", "typeHandlerVersion": "1.0", "settings": {"port": 50342}}}]
    }
  ]
}
`;

/** The texts under test, by file name. */
function corpusUnderTest(): Map<string, string> {
  const texts = new Map<string, string>();
  texts.set('compact-vm.json', COMPACT_VM);
  texts.set('compact-vm-one-line.json', oneLine(COMPACT_VM));
  for (const name of fs.readdirSync(FIXTURES)) {
    const input = path.join(FIXTURES, name, 'input.json');
    if (!fs.existsSync(input)) continue;
    const text = fs.readFileSync(input, 'utf8');
    texts.set(`fixture-${name}.json`, text);
    const minified = minify(text);
    if (minified) texts.set(`fixture-${name}-one-line.json`, minified);
  }
  if (fs.existsSync(MSI_HISTORY)) {
    for (const name of fs.readdirSync(MSI_HISTORY).filter((n) => n.endsWith('.json'))) {
      const text = fs.readFileSync(path.join(MSI_HISTORY, name), 'utf8');
      texts.set(`msi-${name}`, text);
      const minified = minify(text);
      if (minified) texts.set(`msi-${name.replace(/\.json$/, '')}-one-line.json`, minified);
    }
  } else {
    // eslint-disable-next-line no-console
    console.log(`skipping the msi-history corpus: ${MSI_HISTORY} not found`);
  }
  const seed = seedFor('fix-data generated templates', 1212);
  fc.sample(specArbitrary, { numRuns: 25, seed }).forEach((spec, i) => {
    const generated = generate(spec);
    texts.set(`generated-${i}.json`, serialize(generated, spec).text);
    texts.set(`generated-${i}-one-line.json`, JSON.stringify(generated.value));
  });
  return texts;
}

/** Strict JSON on one line, with ARM's JSONC (comments, raw line breaks in strings) left out of it. */
function minify(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  return text.replace(/\n\s*/g, ' ').trim();
}

/** ESLint's SourceCodeFixer: fixes sorted by range, one that starts at or before the last end waits for the next pass. */
function applyEslintFixes(text: string, messages: JsonMessage[]): string {
  const fixes = messages.flatMap((m) => (m.fix ? [m.fix] : [])).sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let lastPos = Number.NEGATIVE_INFINITY;
  let cursor = 0;
  for (const fix of fixes) {
    if (lastPos >= fix.range[0]) continue;
    out += text.slice(cursor, fix.range[0]) + fix.text;
    cursor = fix.range[1];
    lastPos = fix.range[1];
  }
  return out + text.slice(cursor);
}

/**
 * A SARIF consumer applying every result's fix it can: a fix whose regions
 * overlap one already taken waits for the next pass; each fix's replacements
 * regions are read in the original text.
 */
function applySarifFixes(text: string, results: SarifResult[]): string {
  const taken: Array<{ start: number; end: number }> = [];
  const applicable: Replacement[][] = [];
  for (const r of results) {
    const replacements = r.fixes?.[0]?.artifactChanges[0]?.replacements;
    if (!replacements) continue;
    const spans = replacements.map((x) => replacementSpan(text, x));
    if (spans.some((s) => taken.some((t) => s.start <= t.end && t.start <= s.end))) continue;
    taken.push(...spans);
    applicable.push(replacements);
  }
  // Every region means the original text: applied from the last one in the file to the first.
  const all = applicable.flat().map((x) => replacementSpan(text, x));
  let out = text;
  for (const x of all.sort((a, b) => b.start - a.start)) out = out.slice(0, x.start) + x.content + out.slice(x.end);
  return out;
}

/** Runs passes of "lint, apply the report's fix data" over a folder until no fix remains (ESLint's 10 at most). */
function fixThroughReports(dir: string, format: 'json' | 'sarif'): void {
  for (let pass = 0; pass < 10; pass++) {
    const run = armlint(['--format', format, '.'], { cwd: dir });
    expect(run.stderr).toBe('');
    let changed = false;
    if (format === 'json') {
      for (const file of JSON.parse(run.stdout) as Array<{ filePath: string; messages: JsonMessage[] }>) {
        if (!file.messages.some((m) => m.fix)) continue;
        const text = fs.readFileSync(file.filePath, 'utf8');
        fs.writeFileSync(file.filePath, applyEslintFixes(text, file.messages));
        changed = true;
      }
    } else {
      const results = (JSON.parse(run.stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results.filter((r) => r.fixes);
      const byFile = new Map<string, SarifResult[]>();
      for (const r of results) {
        const uri = decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri);
        byFile.set(uri, [...(byFile.get(uri) ?? []), r]);
      }
      for (const [uri, fileResults] of byFile) {
        const file = path.join(dir, uri);
        fs.writeFileSync(file, applySarifFixes(fs.readFileSync(file, 'utf8'), fileResults));
        changed = true;
      }
    }
    if (!changed) return;
  }
}

describe('fix data in reports reproduces --fix', () => {
  let texts: Map<string, string>;
  let expected: string;
  const dirs: string[] = [];

  const folderWith = (prefix: string): string => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    for (const [name, text] of texts) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  beforeAll(() => {
    texts = corpusUnderTest();
    expected = folderWith('armlint-fixdata-fix-');
    armlint(['--fix', '.'], { cwd: expected });
  });
  afterAll(() => dirs.forEach(removeDir));

  test('the texts include a compact array and one-line templates that --fix changes', () => {
    const fixed = fs.readFileSync(path.join(expected, 'compact-vm-one-line.json'), 'utf8');
    expect(fixed).toContain('"userAssignedIdentities": {"[resourceId(\'Microsoft.ManagedIdentity/userAssignedIdentities\', \'app\')]": {}}');
    expect(fixed).not.toContain('ManagedIdentityExtensionForLinux');
    const changed = [...texts.keys()].filter((n) => fs.readFileSync(path.join(expected, n), 'utf8') !== texts.get(n));
    expect(changed.length).toBeGreaterThan(20);
  });

  test.each(['json', 'sarif'] as const)('applying the %s fix data pass by pass gives what --fix writes, byte for byte', (format) => {
    const dir = folderWith(`armlint-fixdata-${format}-`);
    fixThroughReports(dir, format);
    for (const name of texts.keys()) {
      expect({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }).toEqual({ name, text: fs.readFileSync(path.join(expected, name), 'utf8') });
    }
  });

  test("each message's JSON fix alone equals jsonc-parser's applyEdits of that finding's edits (what --fix applies)", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const api = require(path.join(ROOT, 'dist', 'src', 'index.js')) as typeof import('../../src/index');
    const rules = api.allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
    const dir = folderWith('armlint-fixdata-single-');
    const report = JSON.parse(armlint(['--format', 'json', '.'], { cwd: dir }).stdout) as Array<{ filePath: string; messages: JsonMessage[] }>;
    let compared = 0;
    for (const file of report) {
      const text = texts.get(path.basename(file.filePath))!;
      const findings = api.lintText(text, rules).findings.filter((f) => f.fix);
      expect(file.messages.filter((m) => m.fix)).toHaveLength(findings.length);
      file.messages.filter((m) => m.fix).forEach((m, i) => {
        const viaReport = text.slice(0, m.fix!.range[0]) + m.fix!.text + text.slice(m.fix!.range[1]);
        expect(viaReport).toBe(applyEdits(text, findings[i].fix!.edits));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('SARIF replacements are listed in the order consumers apply them', () => {
  test("applied one by one in array order, each region read in the original text, a result's replacements give jsonc-parser's applyEdits of its edits", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const api = require(path.join(ROOT, 'dist', 'src', 'index.js')) as typeof import('../../src/index');
    const rules = api.allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
    const dir = makeTempDir('armlint-fixdata-order-');
    try {
      const texts = { 'compact.json': COMPACT_VM, 'one-line.json': oneLine(COMPACT_VM) };
      for (const [name, text] of Object.entries(texts)) fs.writeFileSync(path.join(dir, name), text);
      const run = armlint(['--format', 'sarif', '.'], { cwd: dir });
      const results = (JSON.parse(run.stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
      let compared = 0;
      for (const [name, text] of Object.entries(texts)) {
        const findings = api.lintText(text, rules).findings.filter((f) => f.fix);
        const own = results.filter((r) => r.fixes && r.locations[0].physicalLocation.artifactLocation.uri === name);
        expect(own).toHaveLength(findings.length);
        own.forEach((r, i) => {
          let out = text;
          for (const x of r.fixes![0].artifactChanges[0].replacements) {
            const { start, end, content } = replacementSpan(text, x);
            out = out.slice(0, start) + content + out.slice(end);
          }
          expect(out).toBe(applyEdits(text, findings[i].fix!.edits));
          compared++;
        });
      }
      expect(compared).toBe(4);
    } finally {
      removeDir(dir);
    }
  });
});

const QUICKSTART = path.join(SHARED, 'corpus', 'quickstart');
describeIfShared('fix data on the quickstart corpus', QUICKSTART, () => {
  test('no template there has a fix, in JSON as in SARIF (and --fix changes none: test/e2e/quickstart.test.ts)', () => {
    const asJson = JSON.parse(armlint(['--format', 'json', '.'], { cwd: QUICKSTART }).stdout) as Array<{ messages: JsonMessage[] }>;
    expect(asJson.length).toBeGreaterThan(1000);
    expect(asJson.flatMap((r) => r.messages.filter((m) => m.fix))).toEqual([]);
    const asSarif = JSON.parse(armlint(['--format', 'sarif', '.'], { cwd: QUICKSTART }).stdout) as { runs: Array<{ results: SarifResult[] }> };
    expect(asSarif.runs[0].results.filter((r) => r.fixes)).toEqual([]);
  });
});

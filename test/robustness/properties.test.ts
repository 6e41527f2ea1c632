/**
 * Issue 6, behaviour 5: property-based tests (fast-check). Templates built
 * from corpus fragments with planted problems, random indentation (tab, 2,
 * 4), line endings (LF, CRLF), comments, BOM and key order. For each:
 * every planted problem is found at its node (and nothing else is), the fixed
 * output parses, re-lints clean apart from findings reported as unfixable,
 * keeps every comment outside removed nodes, the line endings, the BOM and
 * the indentation, and is a fixed point of a second fix. A sample goes
 * through the real CLI too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { lintText } from '../../src/engine/linter';
import { fixText } from '../../src/fixer/fix-text';
import { parseLenientJson } from '../../src/parsing/parse-jsonc';
import { RULES, armlint, expectNoStackTrace, makeTempDir, removeDir, seedFor, writeFiles } from './helpers';
import { fromCorpus, generate, serialize, specArbitrary, type Spec } from './template-generator';

const RUNS = Number(process.env.ARMLINT_PROPERTY_RUNS ?? 150);

if (!fromCorpus) console.log('property tests: ../shared/corpus/msi-history not found; using built-in fragments');

function checkTemplate(spec: Spec): void {
  const generated = generate(spec);
  const { text, planted, comments } = serialize(generated, spec);

  // Every planted problem is found at its node, and nothing else is reported.
  const lint = lintText(text, RULES);
  expect(lint.internalError).toBeFalsy();
  const found = lint.findings.map((f) => `${f.ruleId}@${f.offset}`).sort();
  const expected = [...planted].map(([label, offset]) => `${label.slice(0, label.indexOf('@'))}@${offset}`).sort();
  expect(found).toEqual(expected);

  const fixed = fixText(text, RULES);
  const output = fixed.output;
  expect(fixed.internalError).toBeFalsy();
  // Parses, and what remains is only what was reported as not fixable.
  expect(parseLenientJson(output).problems).toEqual([]);
  const after = lintText(output, RULES);
  for (const f of after.findings) {
    expect(f.fix).toBeUndefined();
    expect(f.message).toContain('Not fixed automatically');
  }
  // Comments outside removed nodes stay, once each.
  for (const c of comments.filter((c) => !c.removable)) expect({ comment: c.text, count: output.split(c.text).length - 1 }).toEqual({ comment: c.text, count: 1 });
  // Line endings, BOM, indentation.
  const body = output.replace(/^\ufeff/, '');
  expect(output.startsWith('\ufeff')).toBe(spec.bom);
  expect(body.includes('\ufeff')).toBe(false);
  if (spec.eol === '\r\n') expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  else expect(body).not.toContain('\r');
  for (const line of body.split(/\r?\n/)) {
    const lead = /^[ \t]*/.exec(line)![0];
    if (spec.indent === '\t') expect({ line, lead: lead.replace(/\t/g, '') }).toEqual({ line, lead: '' });
    else expect({ line, ok: !lead.includes('\t') && lead.length % spec.indent.length === 0 }).toEqual({ line, ok: true });
  }
  expect(output.endsWith(spec.eol)).toBe(true);
  // A second fix changes nothing.
  expect(fixText(output, RULES).output).toBe(output);
}

test(`generated templates: planted problems found, fixes safe and layout-preserving (${RUNS} runs)`, () => {
  const seed = seedFor('property tests', 424242);
  fc.assert(fc.property(specArbitrary, (spec) => checkTemplate(spec)), { numRuns: RUNS, seed });
});

test('through the CLI: generated templates fixed by `--fix` equal the in-process fix, and a second `--fix` changes nothing', () => {
  const seed = seedFor('property tests (CLI)', 99);
  const specs = fc.sample(specArbitrary, { numRuns: 20, seed });
  const dir = makeTempDir('armlint-properties-');
  try {
    const expected = new Map<string, string>();
    specs.forEach((spec, i) => {
      const { text } = serialize(generate(spec), spec);
      const name = `t${String(i).padStart(2, '0')}.json`;
      writeFiles(dir, { [name]: text });
      expected.set(name, fixText(text, RULES).output);
    });
    const first = armlint(['--fix', dir]);
    expectNoStackTrace(first);
    expect(first.status).not.toBe(2);
    for (const [name, output] of expected) expect({ name, same: fs.readFileSync(path.join(dir, name), 'utf8') === output }).toEqual({ name, same: true });
    const mtimes = [...expected.keys()].map((n) => fs.statSync(path.join(dir, n)).mtimeMs);
    armlint(['--fix', dir]);
    expect([...expected.keys()].map((n) => fs.statSync(path.join(dir, n)).mtimeMs)).toEqual(mtimes);
  } finally {
    removeDir(dir);
  }
});

/**
 * Issue 6, behaviour 6: mutation fuzzing of corpus templates (truncation,
 * flipped bytes, duplicated / deleted / inserted brackets and quotes).
 * Bounded and seeded: the seed is printed, ARMLINT_SEED=<n> replays a run.
 * No exception escapes, no rule crashes, every run ends with a report, and a
 * fix is only ever returned when it parses and is a fixed point.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/engine/linter';
import { fixText } from '../../src/fixer/fix-text';
import { parseLenientJson } from '../../src/parsing/parse-jsonc';
import { BASE } from './base-template';
import { RULES, SHARED, armlint, expectNoStackTrace, jsonReport, makeTempDir, prng, removeDir, seedFor, vmWithExtension, writeFiles } from './helpers';

const ITERATIONS = Number(process.env.ARMLINT_FUZZ_ITERATIONS ?? 1500);
const CLI_FILES = 60;

/** Seeds: the msi-history templates and a deterministic sample of quickstart, plus built-in templates. */
function seeds(): Array<[string, string]> {
  const out: Array<[string, string]> = [['BASE', JSON.stringify(BASE, null, 2)], ['vm', vmWithExtension('\t', '\r\n')]];
  const history = path.join(SHARED, 'corpus', 'msi-history');
  const quickstart = path.join(SHARED, 'corpus', 'quickstart');
  if (fs.existsSync(history)) {
    for (const f of fs.readdirSync(history).filter((n) => n.endsWith('.json'))) out.push([f, fs.readFileSync(path.join(history, f), 'utf8')]);
  } else console.log(`fuzzing without ${history}: not found`);
  if (fs.existsSync(quickstart)) {
    const dirs = fs.readdirSync(quickstart).sort();
    for (let i = 0; i < dirs.length; i += Math.ceil(dirs.length / 12)) {
      const file = path.join(quickstart, dirs[i], 'azuredeploy.json');
      if (fs.existsSync(file) && fs.statSync(file).size < 60_000) out.push([`quickstart/${dirs[i]}`, fs.readFileSync(file, 'utf8')]);
    }
  }
  return out;
}

const STRUCTURAL = ['{', '}', '[', ']', '"', ',', ':', '/*', '//', '\\'];

/** One random mutation; returns the mutated text and what was done (for the failure message). */
function mutate(text: string, random: () => number): { text: string; what: string } {
  const at = Math.floor(random() * text.length);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  switch (Math.floor(random() * 6)) {
    case 0:
      return { text: text.slice(0, at), what: `truncate at ${at}` };
    case 1: {
      const bytes = Buffer.from(text, 'utf8');
      const n = 1 + Math.floor(random() * 4);
      const where: number[] = [];
      for (let i = 0; i < n; i++) {
        const b = Math.floor(random() * bytes.length);
        bytes[b] ^= 1 << Math.floor(random() * 8);
        where.push(b);
      }
      return { text: bytes.toString('utf8'), what: `flip bits at bytes ${where.join(',')}` };
    }
    case 2: {
      // Duplicate a structural character.
      const positions = [...text.matchAll(/[{}[\]",:]/g)].map((m) => m.index!);
      const p = positions.length ? pick(positions) : at;
      return { text: text.slice(0, p) + text[p] + text.slice(p), what: `duplicate ${JSON.stringify(text[p])} at ${p}` };
    }
    case 3: {
      const positions = [...text.matchAll(/[{}[\]",:]/g)].map((m) => m.index!);
      const p = positions.length ? pick(positions) : at;
      return { text: text.slice(0, p) + text.slice(p + 1), what: `delete ${JSON.stringify(text[p])} at ${p}` };
    }
    case 4: {
      const s = pick(STRUCTURAL);
      return { text: text.slice(0, at) + s + text.slice(at), what: `insert ${JSON.stringify(s)} at ${at}` };
    }
    default: {
      // Swap two chunks: reorders keys, elements and brackets at once.
      const b = Math.floor(random() * text.length);
      const [x, y] = at < b ? [at, b] : [b, at];
      const len = Math.min(40, y - x);
      return { text: text.slice(0, x) + text.slice(y, y + len) + text.slice(x + len, y) + text.slice(x, x + len) + text.slice(y + len), what: `swap ${len} chars at ${x} and ${y}` };
    }
  }
}

const corpus = seeds();

test(`in-process: ${ITERATIONS} mutations of ${corpus.length} templates`, () => {
  const seed = seedFor('fuzz (in-process)', 20240611);
  const random = prng(seed);
  let fatal = 0;
  let fixedRuns = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const [name, original] = corpus[Math.floor(random() * corpus.length)];
    let { text, what } = mutate(original, random);
    if (random() < 0.3) {
      const second = mutate(text, random);
      text = second.text;
      what += `; ${second.what}`;
    }
    const context = `seed ${seed}, iteration ${i}, ${name}: ${what}`;
    let lint: ReturnType<typeof lintText>;
    let fix: ReturnType<typeof fixText>;
    try {
      lint = lintText(text, RULES);
      fix = fixText(text, RULES);
    } catch (error) {
      throw new Error(`${context}: exception escaped: ${(error as Error).stack}`);
    }
    expect({ context, findings: Array.isArray(lint.findings), internal: lint.internalError ?? false }).toEqual({ context, findings: true, internal: false });
    expect({ context, internal: fix.internalError ?? false, messages: fix.findings.filter((f) => f.ruleId === null && !/^Parsing error/.test(f.message)).map((f) => f.message) }).toEqual({ context, internal: false, messages: [] });
    if (lint.findings.some((f) => f.fatal)) fatal++;
    if (fix.output !== text) {
      fixedRuns++;
      expect({ context, problems: parseLenientJson(fix.output).problems }).toEqual({ context, problems: [] });
      expect({ context, fixedPoint: fixText(fix.output, RULES).output === fix.output }).toEqual({ context, fixedPoint: true });
    }
  }
  console.log(`fuzz (in-process): ${ITERATIONS} runs, ${fatal} unparseable, ${fixedRuns} fixed`);
});

test(`through the CLI: ${CLI_FILES} mutated files in one run end with a full report`, () => {
  const seed = seedFor('fuzz (CLI)', 7);
  const random = prng(seed);
  const dir = makeTempDir('armlint-fuzz-');
  try {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < CLI_FILES; i++) {
      const [, original] = corpus[Math.floor(random() * corpus.length)];
      const bytes = Buffer.from(mutate(original, random).text, 'utf8');
      // Raw byte damage too, which the in-process run cannot express (invalid UTF-8, NULs).
      if (random() < 0.3) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      files[`m${String(i).padStart(3, '0')}.json`] = bytes;
    }
    writeFiles(dir, files);
    const run = armlint(['--fix', '--format', 'json', dir]);
    expectNoStackTrace(run);
    expect([0, 1]).toContain(run.status);
    const reports = jsonReport(run.stdout);
    const expected = Object.entries(files).filter(([, b]) => b.includes(0) || lintText(b.toString('utf8'), RULES).isTemplate).length;
    expect(reports).toHaveLength(expected);
    for (const r of reports) expect(r.messages.filter((m) => m.fatal && !/^(Parsing error|Could not)/.test(m.message))).toEqual([]);
    // A second run over what the first left is a fixed point.
    const before = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)));
    armlint(['--fix', dir]);
    expect(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)))).toEqual(before);
  } finally {
    removeDir(dir);
  }
});

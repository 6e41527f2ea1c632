#!/usr/bin/env node
'use strict';
/**
 * Per-file cost on one thread, warm, without start-up or discovery
 * (`node bench/steady.js DIR...`; `npm run bench` prints it after its table):
 * armlint's lint of each file (`lintFile`, as the CLI calls it) against the
 * floor's read + JSON.parse of the same file, and the two parts of the floor's
 * work and of armlint's extra step on a file no rule can fire on (the trigger
 * scan), each timed over the file texts already in memory. For the files
 * rules run on, the lint's stages over the texts: the parse, then with the
 * template model, then with the reference graph's sites, the rules
 * (lintText), then the gate (lintTextVerified: the fixed text parsed, modelled
 * and compared). Every loop runs ROUNDS times after one warm-up round; the
 * median round is printed.
 */
const fs = require('node:fs');
const path = require('node:path');
const fg = require('fast-glob');

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const { allRules } = require(path.join(ROOT, 'dist/src/index.js'));
const { lintFile } = require(path.join(ROOT, 'dist/src/lint-files.js'));
const { noRuleCanFire } = require(path.join(ROOT, 'dist/src/engine/no-rule-can-fire.js'));
const { parseLenientJson } = require(path.join(ROOT, 'dist/src/parsing/parse-jsonc.js'));
const { buildTemplateModel } = require(path.join(ROOT, 'dist/src/model/template-model.js'));
const { referenceGraph } = require(path.join(ROOT, 'dist/src/model/reference-graph.js'));
const { lintText } = require(path.join(ROOT, 'dist/src/engine/linter.js'));
const { lintTextVerified } = require(path.join(ROOT, 'dist/src/fixer/fix-text.js'));

const rules = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));

async function timed(loop) {
  const rounds = [];
  for (let i = 0; i <= ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await loop();
    if (i > 0) rounds.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
}

const parse = (text) => {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // the floor does not care
  }
};

async function measureDir(dir) {
  const files = fg.sync('**/*.{json,jsonc}', { cwd: dir, absolute: true, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', '**/.git/**'] });
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const analysed = texts.filter((t) => !noRuleCanFire(t, rules));
  const model = (t) => buildTemplateModel(parseLenientJson(t).root);
  const all = files.length;
  const loops = [
    ['floor: read + JSON.parse', all, () => files.forEach((f) => parse(fs.readFileSync(f, 'utf8')))],
    ['floor part: JSON.parse of the texts', all, () => texts.forEach(parse)],
    ['floor part: read', all, () => files.forEach((f) => fs.readFileSync(f, 'utf8'))],
    [
      'armlint: lintFile (lint, no fix)',
      all,
      async () => {
        for (const f of files) await lintFile(f, { rules, fix: false, write: false });
      },
    ],
    ['armlint part: trigger scan of the texts', all, () => texts.forEach((t) => noRuleCanFire(t, rules))],
    ['files rules run on: parse (jsonc-parser)', analysed.length, () => analysed.forEach(parseLenientJson)],
    ['same files: parse + template model', analysed.length, () => analysed.forEach(model)],
    ['same files: parse + model + reference graph sites', analysed.length, () => analysed.forEach((t) => referenceGraph(model(t)).sites)],
    ['same files: lintText (parse, model, rules; a rule builds what it asks for)', analysed.length, () => analysed.forEach((t) => lintText(t, rules))],
    ['same files: lintTextVerified (lintText + the fix gate)', analysed.length, () => analysed.forEach((t) => lintTextVerified(t, rules))],
  ];
  const ms = [];
  for (const [, count, loop] of loops) ms.push(count > 0 ? await timed(loop) : undefined);
  const floor = ms[0];
  console.log(`\n${dir}: ${all} files, ${analysed.length} that rules run on; warm, one thread, no start-up or discovery, median of ${ROUNDS} rounds`);
  console.log('| loop | files | ms | µs per file | / floor (all files) |');
  console.log('| --- | --- | --- | --- | --- |');
  loops.forEach(([label, count], i) => {
    if (ms[i] === undefined) return;
    console.log(`| ${label} | ${count} | ${ms[i].toFixed(1)} | ${((ms[i] * 1000) / count).toFixed(1)} | ${(ms[i] / floor).toFixed(2)}x |`);
  });
}

(async () => {
  for (const dir of process.argv.slice(2)) await measureDir(path.resolve(dir));
})();

#!/usr/bin/env node
'use strict';
/**
 * What users would otherwise run (`node bench/compare.js`; not in CI, needs
 * the npm registry): the quickstart corpus through armlint, through ESLint 9
 * with jsonc-eslint-parser and a one-rule config (compare/eslint.config.js),
 * and through Spectral CLI with a one-rule ruleset (compare/spectral-ruleset.yaml),
 * each timed with the same method as run.js, alternating, in one session.
 * The tools are installed into BENCH_TOOLS (default: a temporary folder).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measure, summarize } = require('./measure');

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/quickstart');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

function main() {
  if (!fs.existsSync(CORPUS)) return console.log(`compare: ${CORPUS} not found`);
  const tools = process.env.BENCH_TOOLS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-compare-'));
  if (!fs.existsSync(path.join(tools, 'node_modules/.bin/spectral'))) {
    fs.writeFileSync(path.join(tools, 'package.json'), '{"private": true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', 'eslint@9', 'jsonc-eslint-parser@2', '@stoplight/spectral-cli@6'], { cwd: tools, stdio: 'inherit' });
  }
  fs.copyFileSync(path.join(__dirname, 'compare/eslint.config.js'), path.join(tools, 'eslint.config.js'));
  // ESLint resolves the parser from the config file's folder: the tools folder.
  const node = process.execPath;
  const cases = [
    ['floor (discovery + JSON.parse)', [node, path.join(__dirname, 'floor.js'), CORPUS]],
    ['armlint --format json', [node, path.join(ROOT, 'bin/armlint.js'), '--format', 'json', CORPUS]],
    ['ESLint 9 + jsonc-eslint-parser, 1 rule', [node, path.join(tools, 'node_modules/eslint/bin/eslint.js'), '-c', path.join(tools, 'eslint.config.js'), '--no-warn-ignored', '-f', 'json', '**/*.json']],
    ['Spectral CLI 6, 1 rule', [node, path.join(tools, 'node_modules/@stoplight/spectral-cli/dist/index.js'), 'lint', '-r', path.join(__dirname, 'compare/spectral-ruleset.yaml'), '-f', 'json', '--quiet', '**/*.json']],
  ];
  const samples = cases.map(() => []);
  for (let i = 0; i < REPEAT; i++) cases.forEach(([, argv], j) => samples[j].push(measure(argv, CORPUS)));
  const floor = summarize(samples[0]).wall;
  console.log(`${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${REPEAT} runs each, medians, ${CORPUS}\n`);
  console.log('| tool | wall s | CPU s | peak RSS | wall / floor |');
  console.log('| --- | --- | --- | --- | --- |');
  cases.forEach(([label], j) => {
    const s = summarize(samples[j]);
    const cpu = s.cpu === undefined ? 'n/a' : s.cpu.toFixed(2);
    const rss = s.rss === undefined ? 'n/a' : `${(s.rss / 2 ** 20).toFixed(0)} MB`;
    console.log(`| ${label} | ${s.wall.toFixed(2)} | ${cpu} | ${rss} | ${(s.wall / floor).toFixed(1)}x |`);
  });
}

main();

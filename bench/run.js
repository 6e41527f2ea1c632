#!/usr/bin/env node
'use strict';
/**
 * armlint's benchmark (`npm run bench`, not part of `npm test`).
 *
 * Builds a 10x copy of ../shared/corpus/quickstart in a temporary folder, then
 * runs the floor script (discovery + read + JSON.parse) and the real CLI
 * (`node bin/armlint.js --format json`) alternately, REPEAT times each, on the
 * 1x and the 10x corpus; a single template against `node -e 0`; and `--fix`
 * on the unchanged corpus against lint; a second `--cache` run against the
 * first. Reports median wall time, CPU time
 * (user+sys) and peak RSS (from /usr/bin/time when installed), and the ratio
 * armlint/floor measured in the same run: the machine is shared and noisy, so
 * ratios are the result, not absolute times.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/quickstart');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CLI = path.join(ROOT, 'bin/armlint.js');
const FLOOR = path.join(__dirname, 'floor.js');
const { measure, summarize, printTable, TIME } = require('./measure');

function main() {
  if (!fs.existsSync(CORPUS)) {
    console.log(`bench: ${CORPUS} not found; nothing to measure`);
    return;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/src/cli.js'))) {
    console.error('bench: run `npm run build` first');
    process.exitCode = 2;
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-bench-'));
  try {
    const tenfold = path.join(tmp, 'quickstart-10x');
    for (let i = 0; i < 10; i++) fs.cpSync(CORPUS, path.join(tenfold, `copy${i}`), { recursive: true });
    const fixCopy = path.join(tmp, 'quickstart-fix');
    fs.cpSync(CORPUS, fixCopy, { recursive: true });
    const single = path.join(ROOT, 'fixtures/crlf-bom-tabs/input.json');
    const node = process.execPath;

    console.log(`armlint benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${REPEAT} runs each, medians`);
    console.log(`corpus: ${CORPUS} (1x) and a 10x copy; CPU and RSS ${TIME ? 'from /usr/bin/time' : 'unavailable (install the Debian package "time")'}\n`);
    const rows = [];
    const pairs = [
      ['1x corpus: lint', [node, FLOOR, CORPUS], [node, CLI, '--format', 'json', CORPUS]],
      ['10x corpus: lint', [node, FLOOR, tenfold], [node, CLI, '--format', 'json', tenfold]],
      ['single template (pre-commit)', [node, '-e', '0'], [node, CLI, '--format', 'json', single]],
      ['1x corpus: --fix vs lint (unchanged files)', [node, CLI, '--format', 'json', fixCopy], [node, CLI, '--format', 'json', '--fix', fixCopy]],
    ];
    for (const [label, baseline, subject] of pairs) {
      const a = [];
      const b = [];
      for (let i = 0; i < REPEAT; i++) {
        a.push(measure(baseline));
        b.push(measure(subject));
      }
      rows.push({ label, baseline: summarize(a), subject: summarize(b) });
    }
    // --cache: the first run over the corpus (empty cache) against the second (unchanged files).
    const cacheFile = path.join(tmp, 'armlint.cache');
    const cached = [node, CLI, '--format', 'json', '--cache', '--cache-location', cacheFile, CORPUS];
    const first = [];
    const second = [];
    for (let i = 0; i < REPEAT; i++) {
      fs.rmSync(cacheFile, { force: true });
      first.push(measure(cached));
      second.push(measure(cached));
    }
    rows.push({ label: '1x corpus: second --cache run vs first', baseline: summarize(first), subject: summarize(second) });
    printTable(rows);
    const oneX = rows[0].subject.rss;
    const tenX = rows[1].subject.rss;
    if (oneX && tenX) console.log(`\npeak RSS 10x / 1x (armlint): ${(tenX / oneX).toFixed(2)}x`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();

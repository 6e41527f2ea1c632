#!/usr/bin/env node
'use strict';
/**
 * armlint's benchmark (`npm run bench`, not part of `npm test`;
 * `npm run bench -- --quick` for a smoke run on small inputs).
 *
 * Every row compares two commands run alternately in the same session
 * (A, B, A, B, ...), REPEAT times each, and reports medians of wall time,
 * CPU time (user+sys) and peak RSS (from /usr/bin/time when installed), and
 * the ratio B/A: the machine is shared and noisy, so ratios are the result,
 * not absolute times. Rows:
 * - a dense set (the ../shared/corpus/msi-history templates copied N times:
 *   every file has findings), lint and --fix (files restored before each
 *   run), against the floor script (discovery + read + JSON.parse), and the
 *   same floor with jsonc-parser's parseTree (the mandated parser alone) and
 *   with every file rewritten as --fix writes it (temporary file + rename);
 * - one big generated template (VMs with the deprecated extension and a
 *   CustomScript depending on it) against the same template 8x as big;
 * - the quickstart corpus 1x and 10x (3x with --quick) against the floor;
 * - --cache: a first run (empty cache) against a run without cache, and the
 *   second run against the first; workers: --concurrency auto against off;
 * - what the cores give: the floor and armlint as two processes at once, each
 *   on half of the 10x corpus, against one process on all of it (the most
 *   worker threads could give here);
 * then bench/steady.js: the cost per file, warm, on one thread, with the
 * stages of a lint.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measure, summarize, printTable, TIME } = require('./measure');
const { denseSet, bigTemplate } = require('./generate');

const ROOT = path.resolve(__dirname, '..');
const SHARED = path.resolve(ROOT, '../shared/corpus');
const QUICKSTART = path.join(SHARED, 'quickstart');
const MSI_HISTORY = path.join(SHARED, 'msi-history');
const QUICK = process.argv.includes('--quick');
const REPEAT = Number(process.env.BENCH_REPEAT ?? (QUICK ? 1 : 5));
/** Copies of the six msi-history templates (500: 3,000 files) and VMs in the small big template. */
const DENSE_COPIES = Number(process.env.BENCH_DENSE_COPIES ?? (QUICK ? 20 : 500));
const BIG_VMS = Number(process.env.BENCH_BIG_VMS ?? (QUICK ? 25 : 400));
/** Copies of the quickstart corpus for the large-corpus row. */
const MANY = QUICK ? 3 : 10;
const CLI = path.join(ROOT, 'bin/armlint.js');
const FLOOR = path.join(__dirname, 'floor.js');
const node = process.execPath;
const lint = (...args) => [node, CLI, '--format', 'json', ...args];

/** A command and what must be true before each run of it (files restored, cache emptied). */
const run = (argv, before) => ({ argv, before });

function measurePair(label, a, b, repeat = REPEAT) {
  const samplesA = [];
  const samplesB = [];
  for (let i = 0; i < repeat; i++) {
    for (const [side, samples] of [[a, samplesA], [b, samplesB]]) {
      side.before?.();
      samples.push(measure(side.argv));
    }
  }
  const row = { label, baseline: summarize(samplesA), subject: summarize(samplesB) };
  if (process.env.BENCH_VERBOSE) console.error(`${label}: ${(row.subject.wall / row.baseline.wall).toFixed(2)}x`);
  return row;
}

function main() {
  if (!fs.existsSync(QUICKSTART) || !fs.existsSync(MSI_HISTORY)) {
    console.log(`bench: ${SHARED} (quickstart and msi-history) not found; nothing to measure`);
    return;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/src/cli.js'))) {
    console.error('bench: run `npm run build` first');
    process.exitCode = 2;
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-bench-'));
  try {
    const dense = path.join(tmp, 'dense');
    const denseFiles = denseSet(MSI_HISTORY, dense, DENSE_COPIES);
    const denseFix = path.join(tmp, 'dense-fix');
    const restoreDenseFix = () => {
      fs.rmSync(denseFix, { recursive: true, force: true });
      denseSet(MSI_HISTORY, denseFix, DENSE_COPIES);
    };
    const big = (vms, name) => {
      const file = path.join(tmp, name);
      const text = bigTemplate(vms);
      fs.writeFileSync(file, text);
      return { file, restore: () => fs.writeFileSync(file, text) };
    };
    const small = big(BIG_VMS, 'big-1x.json');
    const large = big(BIG_VMS * 8, 'big-8x.json');
    const tenfold = path.join(tmp, `quickstart-${MANY}x`);
    // In two halves, for the rows that show what running two processes at once gives on this machine.
    const halves = [path.join(tenfold, 'a'), path.join(tenfold, 'b')];
    for (let i = 0; i < MANY; i++) fs.cpSync(QUICKSTART, path.join(halves[i % 2], `copy${i}`), { recursive: true });
    const cacheFile = path.join(tmp, 'armlint.cache');
    const noCache = () => fs.rmSync(cacheFile, { force: true });
    const cached = lint('--cache', '--cache-location', cacheFile, dense);

    console.log(`armlint benchmark${QUICK ? ' (--quick)' : ''}, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${REPEAT} runs each, alternating, medians`);
    console.log(`dense set: ${denseFiles} files (msi-history x ${DENSE_COPIES}); big template: ${BIG_VMS} VMs vs ${BIG_VMS * 8}; CPU and RSS ${TIME ? 'from /usr/bin/time' : 'unavailable (install the Debian package "time")'}\n`);
    const floor = (dir) => run([node, FLOOR, dir]);
    const jsoncFloor = (dir) => run([node, FLOOR, '--jsonc', dir]);
    const rewriteFloor = (dir, before) => run([node, FLOOR, '--rewrite', dir], before);
    const bigRepeat = Math.min(REPEAT, 3);
    /** Two processes at once, each on one half: the most that workers sharing the cores could give. */
    const inHalves = (argv) => run(['sh', '-c', 'a=$1 b=$2; shift 2; "$@" "$a" & "$@" "$b" & wait', 'sh', ...halves, ...argv]);
    const rows = [
      measurePair(`dense ${denseFiles} files: lint vs floor`, floor(dense), run(lint(dense))),
      // What the mandated parser alone costs on the same files: armlint parses each file with findings, and the fixed text again for the gate.
      measurePair(`dense ${denseFiles} files: jsonc-parser parse only vs floor`, floor(dense), jsoncFloor(dense)),
      measurePair(`dense ${denseFiles} files: --fix (writes included) vs floor`, floor(dense), run(lint('--fix', denseFix), restoreDenseFix)),
      // What replacing every file costs by itself (temporary file, rename, one sync), with no linting: the writes' share of the --fix row.
      measurePair(`dense ${denseFiles} files: rewrite floor vs floor`, floor(dense), rewriteFloor(denseFix, restoreDenseFix)),
      measurePair(`big template ${BIG_VMS} -> ${BIG_VMS * 8} VMs: lint growth`, run(lint(small.file)), run(lint(large.file)), bigRepeat),
      measurePair(`big template ${BIG_VMS} -> ${BIG_VMS * 8} VMs: --fix growth`, run(lint('--fix', small.file), small.restore), run(lint('--fix', large.file), large.restore), bigRepeat),
      measurePair('quickstart 1x: lint vs floor', floor(QUICKSTART), run(lint(QUICKSTART))),
      measurePair(`quickstart ${MANY}x: lint vs floor`, floor(tenfold), run(lint(tenfold))),
      measurePair(`dense: first --cache run vs no cache`, run(lint(dense)), run(cached, noCache)),
      measurePair(`dense: second --cache run vs first`, run(cached, noCache), run(cached)),
      measurePair(`dense: --concurrency auto vs off`, run(lint('--concurrency', 'off', dense)), run(lint('--concurrency', 'auto', dense))),
      measurePair(`quickstart ${MANY}x: --concurrency auto vs off`, run(lint('--concurrency', 'off', tenfold)), run(lint('--concurrency', 'auto', tenfold))),
      measurePair(`quickstart ${MANY}x: floor, two processes on halves at once vs one`, floor(tenfold), inHalves([node, FLOOR])),
      measurePair(`quickstart ${MANY}x: lint, two processes on halves at once vs one`, run(lint('--concurrency', 'off', tenfold)), inHalves(lint('--concurrency', 'off'))),
      measurePair('single template (pre-commit) vs node -e 0', run([node, '-e', '0']), run(lint(path.join(ROOT, 'fixtures/crlf-bom-tabs/input.json')))),
    ];
    printTable(rows);
    // Per file, warm, on one thread: where the time goes once start-up and discovery are paid.
    spawnSync(node, [path.join(__dirname, 'steady.js'), QUICKSTART, dense], { stdio: 'inherit' });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();

'use strict';
// Shared by run.js and compare.js: one way to time a command, the same for every tool.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function measure(argv, cwd) {
  const cmd = TIME ? [TIME, '-f', '@@%e %U %S %M', ...argv] : argv;
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return { wall, cpu: m ? Number(m[2]) + Number(m[3]) : undefined, rss: m ? Number(m[4]) * 1024 : undefined };
}

function median(values) {
  const v = values.filter((x) => x !== undefined).sort((x, y) => x - y);
  return v.length ? v[Math.floor(v.length / 2)] : undefined;
}

function summarize(samples) {
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rss: median(samples.map((s) => s.rss)) };
}

function printTable(rows) {
  const f = (x, d = 3) => (x === undefined ? 'n/a' : x.toFixed(d));
  const mb = (x) => (x === undefined ? 'n/a' : `${(x / 2 ** 20).toFixed(0)} MB`);
  const header = ['case', 'A wall s', 'B wall s', 'B / A', 'A CPU s', 'B CPU s', 'B / A CPU', 'A peak RSS', 'B peak RSS'];
  const lines = rows.map((r) => [
    r.label,
    f(r.baseline.wall),
    f(r.subject.wall),
    `${(r.subject.wall / r.baseline.wall).toFixed(2)}x`,
    f(r.baseline.cpu, 2),
    f(r.subject.cpu, 2),
    r.baseline.cpu && r.subject.cpu !== undefined ? `${(r.subject.cpu / r.baseline.cpu).toFixed(2)}x` : 'n/a',
    mb(r.baseline.rss),
    mb(r.subject.rss),
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
  console.log('\nratio: armlint (right) / baseline (left) in the same session; for the big template, the 8x template / the 1x template');
}

module.exports = { measure, median, summarize, printTable, TIME };

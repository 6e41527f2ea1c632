#!/usr/bin/env node
'use strict';
// The physical floor for "look at every JSON file": the same discovery as
// armlint (fast-glob, *.json/*.jsonc, node_modules and .git skipped, links
// not followed), read each file, JSON.parse it. Nothing else.
// With --jsonc: parse with jsonc-parser's parseTree instead (the parser armlint
// must use, which gives offsets and accepts comments): what reading every file
// costs before any rule runs, shown by the bench beside the JSON.parse floor.
// With --rewrite: also replace every file by itself the way --fix writes
// (a temporary file in the same folder, renamed over it; one sync of the file
// system at the end): the floor of a --fix that rewrites every file.
const fs = require('node:fs');
const path = require('node:path');
const fg = require('fast-glob');

const jsonc = process.argv.includes('--jsonc');
const rewrite = process.argv.includes('--rewrite');
const root = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '.');
const { parseTree } = jsonc ? require('jsonc-parser') : {};
const files = fg.sync('**/*.{json,jsonc}', {
  cwd: root,
  absolute: true,
  dot: true,
  onlyFiles: true,
  followSymbolicLinks: false,
  ignore: ['**/node_modules/**', '**/.git/**'],
  suppressErrors: true,
});
let parsed = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    if (jsonc) {
      const errors = [];
      parseTree(text, errors, { allowTrailingComma: true });
      if (errors.length === 0) parsed++;
    } else {
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      parsed++;
    }
  } catch {
    // comments, trailing commas: the floor does not care
  }
  if (rewrite) {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.floor-${process.pid}`);
    fs.writeFileSync(temp, text, { flag: 'wx', mode: fs.statSync(file).mode });
    fs.renameSync(temp, file);
  }
}
if (rewrite && files.length > 0) require('node:child_process').execFileSync('/usr/bin/sync', ['--file-system', files[0]]);
process.stdout.write(`${files.length} files, ${parsed} parsed\n`);

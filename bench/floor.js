#!/usr/bin/env node
'use strict';
// The physical floor for "look at every JSON file": the same discovery as
// armlint (fast-glob, *.json/*.jsonc, node_modules and .git skipped, links
// not followed), read each file, JSON.parse it. Nothing else.
const fs = require('node:fs');
const path = require('node:path');
const fg = require('fast-glob');

const root = path.resolve(process.argv[2] ?? '.');
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
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    parsed++;
  } catch {
    // comments, trailing commas: the floor does not care
  }
}
process.stdout.write(`${files.length} files, ${parsed} parsed\n`);

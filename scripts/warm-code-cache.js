#!/usr/bin/env node
'use strict';
// Run at build time, after the bundle: one armlint run over the examples
// writes V8's code cache next to the bundle (see bin/armlint.js), so the
// first real run already starts from it. Never fails the build: without the
// cache armlint only starts a little slower, and its first run writes one.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheFile = path.join(root, 'dist', 'src', 'cli.bundle.v8cache');
fs.rmSync(cacheFile, { force: true });
const examples = path.join(root, 'examples');
if (fs.existsSync(examples)) {
  // A dry run of the fixes: it compiles the linting, the fixer and its verification, and writes nothing.
  spawnSync(process.execPath, [path.join(root, 'bin', 'armlint.js'), '--fix-dry-run', '--format', 'json', '--concurrency', 'off', examples], { stdio: 'ignore' });
}

#!/usr/bin/env node
'use strict';
// The CLI bundled into one file at build time (npm run bundle): loading it is
// cheaper than resolving and reading the ~60 modules it holds.
const path = require('node:path');

const BUNDLE = path.join(__dirname, '../dist/src/cli.bundle.js');
let cli;
try {
  cli = require(BUNDLE);
  // The dependencies left outside the bundle (package.json "bundle") load lazily; check now, not mid-run, that
  // they are installed: a folder of that name on require's search path (require.resolve costs ~15 ms for the three).
  for (const name of ['ajv', 'ajv-draft-04', 'diff']) {
    if (!require.resolve.paths(name).some((dir) => require('node:fs').existsSync(path.join(dir, name)))) {
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
    }
  }
} catch (error) {
  // A clone that was never installed or built: say how to build, not a stack trace (exit 2, not the "problems found" 1).
  if (!error || error.code !== 'MODULE_NOT_FOUND') throw error;
  const root = path.resolve(__dirname, '..');
  const missing = /Cannot find module '([^']+)'/.exec(String(error.message));
  const what = missing && missing[1].endsWith('cli.bundle.js') ? 'armlint is not built (dist/ is missing)' : `a dependency is missing (${missing ? missing[1] : error.message})`;
  process.stderr.write(`armlint: ${what}. Run \`npm ci\` in ${root}: it installs the dependencies and builds armlint.\n`);
  process.exit(2);
}
cli.main();


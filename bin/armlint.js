#!/usr/bin/env node
'use strict';
// The CLI bundled into one file at build time (npm run bundle): loading it is
// cheaper than resolving and reading the ~60 modules it holds.
require('../dist/src/cli.bundle.js').main();

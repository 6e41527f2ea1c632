#!/usr/bin/env node
'use strict';
// The CLI bundled into one file at build time (npm run bundle): loading it is
// cheaper than resolving and reading the ~60 modules it holds.
const path = require('node:path');

const BUNDLE = path.join(__dirname, '../dist/src/cli.bundle.js');
let cli;
try {
  cli = loadWithCodeCache(BUNDLE);
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

/**
 * Loads the bundle as `require` would, with V8's code cache: the bytecode of
 * the functions a run compiled, saved next to the bundle, spares the next run
 * compiling them again (Node 20 has no module.enableCompileCache). V8 rejects
 * a cache from another V8 version or other flags, or for a source of another
 * length; the cache file starts with the bundle's size and modification time,
 * so a rebuilt bundle never gets an old cache, and V8 verifies the cached
 * bytes' checksum (a damaged cache would crash V8, not be rejected; the check
 * is a V8 flag, set around the compile and the save only). A missing or
 * rejected cache is written when the run ends, if the folder is writable; any
 * failure of the cache leaves the run as it was without it.
 */
function loadWithCodeCache(file) {
  if (require.cache[file]) return require.cache[file].exports; // preloaded (node -r)
  const fs = require('node:fs');
  let bytes;
  let stamp;
  try {
    bytes = fs.readFileSync(file);
    const stat = fs.statSync(file);
    stamp = Buffer.from(Float64Array.of(stat.size, stat.mtimeMs).buffer);
  } catch {
    return require(file); // missing: require says so (MODULE_NOT_FOUND)
  }
  const Module = require('node:module');
  const vm = require('node:vm');
  const v8 = require('node:v8');
  const cacheFile = file.replace(/\.js$/, '.v8cache');
  let cachedData;
  try {
    const stored = fs.readFileSync(cacheFile);
    if (stored.subarray(0, stamp.length).equals(stamp)) cachedData = stored.subarray(stamp.length);
  } catch {
    // no cache yet
  }
  const script = checkingChecksums(v8, () => new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file, cachedData }));
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => saveCodeCache(fs, cacheFile, stamp, () => checkingChecksums(v8, () => script.createCachedData())));
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  mod.loaded = true;
  return mod.exports;
}

/** Runs `work` with V8 verifying code caches' checksums (the flag is part of a cache's identity, so it is on when one is made too). */
function checkingChecksums(v8, work) {
  v8.setFlagsFromString('--verify-snapshot-checksum');
  try {
    return work();
  } finally {
    v8.setFlagsFromString('--no-verify-snapshot-checksum');
  }
}

/** Writes the code cache through a temporary file and a rename (a concurrent run reads all or nothing); never throws. */
function saveCodeCache(fs, cacheFile, stamp, createCachedData) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  let fd;
  try {
    fd = fs.openSync(temp, 'wx'); // before the costly part: a read-only install stops here
    fs.writeSync(fd, stamp);
    fs.writeSync(fd, createCachedData());
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, cacheFile);
  } catch {
    try {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing more to do: the next run works without a cache
    }
  }
}

/**
 * Preload for the CLI: logs to ARMLINT_TEST_LOG, one line each, every
 * temporary file created, rename, fsync and call of coreutils' sync, so a
 * test can check that flushing happens once, after every file was replaced.
 */
const fs = require('node:fs');
const childProcess = require('node:child_process');
const log = (line) => fs.appendFileSync(process.env.ARMLINT_TEST_LOG, `${line}\n`);
const rename = fs.promises.rename;
fs.promises.rename = async function (from, to) {
  await rename.call(this, from, to);
  log(`rename ${require('node:path').relative(process.env.ARMLINT_TEST_ROOT, String(to))}`);
};
const fsyncSync = fs.fsyncSync;
fs.fsyncSync = function (fd) {
  log('fsync');
  return fsyncSync.call(this, fd);
};
const open = fs.promises.open;
fs.promises.open = async function (...args) {
  const handle = await open.apply(this, args);
  const sync = handle.sync.bind(handle);
  handle.sync = async () => {
    log('fsync');
    return sync();
  };
  return handle;
};
const execFile = childProcess.execFile;
childProcess.execFile = function (file, args, ...rest) {
  if (/(^|\/)sync$/.test(String(file))) log(`sync ${args.filter((a) => a.startsWith('-')).join(' ')}`);
  return execFile.call(this, file, args, ...rest);
};

/**
 * Preload for the CLI: every fsync fails (as on a disk that reports a write
 * error), and coreutils' sync cannot be found, so armlint's fallback of one
 * flush per file and folder is the path taken.
 */
const fs = require('node:fs');
const childProcess = require('node:child_process');
const eio = () => Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
const open = fs.promises.open;
fs.promises.open = async function (...args) {
  const handle = await open.apply(this, args);
  handle.sync = async () => {
    throw eio();
  };
  return handle;
};
fs.fsyncSync = () => {
  throw eio();
};
const execFile = childProcess.execFile;
childProcess.execFile = function (file, ...rest) {
  return execFile.call(this, /(^|\/)sync$/.test(String(file)) ? '/nonexistent/sync' : file, ...rest);
};

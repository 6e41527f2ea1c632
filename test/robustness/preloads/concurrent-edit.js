/**
 * Preload for the CLI: when armlint opens its temporary file, another
 * program appends to the file being fixed (an editor saving it).
 */
const fs = require('node:fs');
const editTarget = (file) => {
  const match = /^(.*)[\\/]\.([^\\/]+)\.armlint-[^\\/]+\.tmp$/.exec(String(file));
  if (match) fs.appendFileSync(require('node:path').join(match[1], match[2]), '\n// edited meanwhile\n');
};
const open = fs.promises.open;
fs.promises.open = async function (file, ...rest) {
  editTarget(file);
  return open.call(this, file, ...rest);
};
const openSync = fs.openSync;
fs.openSync = function (file, ...rest) {
  editTarget(file);
  return openSync.call(this, file, ...rest);
};

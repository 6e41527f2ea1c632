/**
 * Preload for the CLI: when armlint opens its temporary file, another
 * program appends to the file being fixed (an editor saving it).
 */
const fs = require('node:fs');
const open = fs.promises.open;
fs.promises.open = async function (file, flags, ...rest) {
  const name = String(file);
  const match = /^(.*)[\\/]\.([^\\/]+)\.armlint-[^\\/]+\.tmp$/.exec(name);
  if (match) fs.appendFileSync(require('node:path').join(match[1], match[2]), '\n// edited meanwhile\n');
  return open.call(this, file, flags, ...rest);
};

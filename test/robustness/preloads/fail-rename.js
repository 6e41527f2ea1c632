/** Preload for the CLI: every rename fails (as on a full or read-only disk), after the temporary file was written. */
const fs = require('node:fs');
const fail = async () => {
  const error = new Error('EIO: i/o error, rename');
  error.code = 'EIO';
  throw error;
};
fs.promises.rename = fail;
fs.renameSync = () => {
  const error = new Error('EIO: i/o error, rename');
  error.code = 'EIO';
  throw error;
};

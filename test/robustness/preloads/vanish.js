/**
 * Preload for the CLI: the first time another file of the victim's folder is
 * opened, delete the file named by ARMLINT_TEST_VANISH first, so it
 * disappears between discovery and reading (files are linted in path order:
 * name the victim so it sorts after another file of its folder).
 */
const fs = require('node:fs');
const victim = process.env.ARMLINT_TEST_VANISH;
let done = false;
for (const name of ['openSync', 'readFileSync']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    if (!done && victim && typeof file === 'string' && file.startsWith(require('node:path').dirname(victim)) && file !== victim) {
      done = true;
      fs.rmSync(victim, { force: true });
    }
    return original.call(this, file, ...rest);
  };
}

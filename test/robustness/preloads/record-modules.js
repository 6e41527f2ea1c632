/**
 * Preload for the CLI: records every JavaScript file Node compiles (so a
 * test can prove no config or template was executed) and, at exit, whether
 * Object.prototype was polluted. Written as JSON to ARMLINT_TEST_MODULES_LOG.
 */
const fs = require('node:fs');
const Module = require('node:module');
const compiled = [];
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  compiled.push(filename);
  return compile.call(this, content, filename);
};
process.on('exit', () => {
  const polluted = Object.getOwnPropertyNames(Object.prototype).filter((k) => !['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString'].includes(k));
  fs.writeFileSync(process.env.ARMLINT_TEST_MODULES_LOG, JSON.stringify({ compiled, polluted }));
});

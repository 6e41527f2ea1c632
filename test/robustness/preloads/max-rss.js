/** Preload for the CLI: at exit, write the peak resident set size (KiB) to ARMLINT_TEST_RSS_FILE. */
const fs = require('node:fs');
process.on('exit', () => {
  fs.writeFileSync(process.env.ARMLINT_TEST_RSS_FILE, String(process.resourceUsage().maxRSS));
});

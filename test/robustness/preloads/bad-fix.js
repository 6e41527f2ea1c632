/**
 * Preload for the CLI: makes imds-token-endpoint's fix misbehave, to check
 * that the fixer refuses it. ARMLINT_TEST_BAD_FIX picks the fault:
 *   unparseable  - the fix deletes the file's first character ('{')
 *   new-problem  - the fix adds a curl multipart form (-F), a problem the file did not have
 *   out-of-range - the fix edits past the end of the text
 *   throws       - building the fix throws
 */
const path = require('node:path');
// The rule objects the CLI runs: bin/armlint.js loads the bundle, whose exports include them.
const { KNOWN_RULES } = require(path.join(__dirname, '..', '..', '..', 'dist', 'src', 'cli.bundle.js'));
const mode = process.env.ARMLINT_TEST_BAD_FIX;
const rule = KNOWN_RULES.find((r) => r.meta.id === 'imds-token-endpoint');
const create = rule.create;
rule.create = function (context) {
  const wrapped = Object.create(context, {
    report: {
      value(descriptor) {
        if (!descriptor.fix) return context.report(descriptor);
        const node = descriptor.node;
        const fix = (edits) => {
          const text = context.source.text;
          if (mode === 'unparseable') return [{ offset: text.indexOf('{'), length: 1, content: '' }];
          if (mode === 'new-problem') return [{ offset: node.offset + node.length - 1, length: 0, content: ' -F resource=x' }];
          if (mode === 'out-of-range') return [{ offset: text.length + 10, length: 3, content: 'x' }];
          if (mode === 'throws') throw new Error('fix builder exploded');
          return descriptor.fix(edits);
        };
        return context.report({ ...descriptor, fix });
      },
    },
  });
  return create.call(this, wrapped);
};

const jsoncParser = require('jsonc-eslint-parser');
module.exports = [
  {
    files: ['**/*.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      'no-restricted-syntax': ['error', { selector: "JSONLiteral[value='Microsoft.ManagedIdentity']", message: 'deprecated managed identity extension' }],
    },
  },
];

/**
 * A rule runs on a template only where one of its trigger words occurs, in any
 * case; a rule without triggers runs everywhere. The words of all rules are
 * looked for in one scan, so overlapping words must not hide each other.
 */
import { lintText, type ConfiguredRule } from '../../src/engine/linter';
import type { RuleModule } from '../../src/engine/types';

/** A rule that reports once per template it runs on, so the findings say which rules ran. */
function announcing(id: string, triggers: string[]): ConfiguredRule {
  const rule: RuleModule = {
    meta: { id, description: 'test rule', docs: '', severity: 'error', fixable: false, triggers },
    create(context) {
      return { template: (scope) => context.report({ node: scope.node, message: `${id} ran` }) };
    },
  };
  return { rule, severity: 'error' };
}

const rules = [
  announcing('managed', ['ManagedIdentity']),
  announcing('ids', ['identityIds']),
  announcing('token', ['oauth2', 'localhost:50342']),
  announcing('everywhere', []),
];

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const templateWith = (note: string) => JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', variables: { note }, resources: [] }, null, 2);
const ran = (text: string, configured = rules) => lintText(text, configured).findings.map((f) => f.message);

describe('trigger words', () => {
  it.each([
    ['no trigger word', 'plain', ['everywhere ran']],
    ['one rule\'s word', 'see ManagedIdentity', ['managed ran', 'everywhere ran']],
    ['words of two rules overlapping', 'ManagedIdentityIds', ['managed ran', 'ids ran', 'everywhere ran']],
    ['a word in another case', 'http://LOCALHOST:50342/OAUTH2/token', ['token ran', 'everywhere ran']],
    ['every rule\'s word', 'identityids, managedidentity, oauth2', ['managed ran', 'ids ran', 'token ran', 'everywhere ran']],
    ['a word cut short', 'ManagedIdentit identityId oauth', ['everywhere ran']],
  ])('%s', (_, note, expected) => {
    expect(ran(templateWith(note)).sort()).toEqual([...expected].sort());
  });

  it('with only triggered rules configured, a template without their words runs none', () => {
    expect(ran(templateWith('plain'), rules.slice(0, 3))).toEqual([]);
    expect(ran(templateWith('oauth2'), rules.slice(0, 3))).toEqual(['token ran']);
  });
});

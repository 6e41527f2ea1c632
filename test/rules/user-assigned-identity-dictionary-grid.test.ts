/**
 * Both sides of every boundary where a type's identity facts change (and its
 * first and last apiVersion), for a dozen types, times a set of identity
 * shapes, one template each (so that no finding of another shape hides a new
 * one from the fix check): linting never fails, --fix never trips its own check (a fix whose
 * result shows a problem the file did not have is refused as an internal
 * error), and the fixed text is a fixed point whose remaining findings all
 * say why they are not fixed.
 */
import { fixText } from '../../src/fixer/fix-text';
import { allRules } from '../../rules';
import { apiVersionsOf, identitySupport } from '../../src/schema-facts/identity-support';
import { template } from '../support/rule-tester';

const rules = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
const ID = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'a')]";
const TYPES = [
  'Microsoft.Compute/virtualMachines',
  'Microsoft.Compute/virtualMachineScaleSets',
  'Microsoft.Web/sites',
  'Microsoft.ContainerInstance/containerGroups',
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.DataFactory/factories',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.Sql/servers',
  'Microsoft.ApiManagement/service',
  'Microsoft.KeyVault/vaults',
  'Microsoft.Sql/servers/jobAgents',
  'Dynatrace.Observability/monitors',
];
const SHAPES: Array<Record<string, unknown>> = [];
for (const type of ['UserAssigned', 'SystemAssigned', 'SystemAssigned, UserAssigned', 'None', undefined]) {
  const t = type === undefined ? {} : { type };
  SHAPES.push({ ...t, identityIds: [ID] }, { ...t, identityIds: [] }, { ...t, userAssignedIdentities: [ID] }, { ...t, userAssignedIdentities: { [ID]: {} } }, { ...t, identityIds: [], userAssignedIdentities: { [ID]: {} } }, t);
}

const extension = (parent: string) => ({
  type: `${parent}/extensions`,
  apiVersion: '2018-06-01',
  name: 'literal/MSI',
  location: 'westus',
  properties: { publisher: 'Microsoft.ManagedIdentity', type: 'ManagedIdentityExtensionForLinux', typeHandlerVersion: '1.0' },
});

/** The first and last version, and the versions on either side of each change of the facts. */
function boundaries(type: string): string[] {
  const versions = apiVersionsOf(type);
  const facts = versions.map((v) => JSON.stringify({ ...identitySupport(type, v), apiVersion: undefined }));
  return versions.filter((_, i) => i === 0 || i === versions.length - 1 || facts[i] !== facts[i - 1] || facts[i] !== facts[i + 1]);
}

describe('user-assigned-identity-dictionary at every identity boundary of a dozen types', () => {
  for (const type of TYPES) {
    it(type, () => {
      const versions = boundaries(type);
      expect(versions.length).toBeGreaterThan(1);
      for (const apiVersion of versions) for (const identity of SHAPES) {
        const code = template({
          parameters: { api: { type: 'string', defaultValue: apiVersion } },
          variables: { api: apiVersion },
          resources: [
            { type, apiVersion, name: 'literal', identity },
            // The same through a variable both use: changed only when both are raised.
            { type, apiVersion: "[variables('api')]", name: 'shared', identity },
            { type, apiVersion: "[parameters('api')]", name: 'parameter', identity },
            // On Compute, the deprecated extension too: its removal depends on the identity the other fixes leave.
            ...(type.startsWith('Microsoft.Compute/') ? [extension(type)] : []),
          ],
        });
        const outcome = fixText(code, rules);
        const context = `${type} ${apiVersion} ${JSON.stringify(identity)}`;
        expect({ context, fatal: outcome.findings.filter((f) => f.fatal).map((f) => f.message) }).toEqual({ context, fatal: [] });
        expect({ context, fixableLeft: outcome.findings.filter((f) => f.fix).map((f) => f.message) }).toEqual({ context, fixableLeft: [] });
        expect({ context, unexplained: outcome.findings.filter((f) => !f.message.includes('Not fixed automatically:')).map((f) => f.message) }).toEqual({ context, unexplained: [] });
      }
    });
  }
});

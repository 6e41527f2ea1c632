import { fixText } from '../../src/fixer/fix-text';
import { allRules } from '../../rules';
import { template } from '../support/rule-tester';

// The two identity rules on one VM: the array fix raises the apiVersion, which
// makes the VM's identity count, which makes the extension removable.
const rules = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
const ID = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'a')]";
const vm = (apiVersion: string, identity: unknown) => ({ type: 'Microsoft.Compute/virtualMachines', apiVersion, name: 'myVm', location: 'westus', identity, properties: {} });
const extension = {
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name: 'myVm/MSI',
  location: 'westus',
  properties: { publisher: 'Microsoft.ManagedIdentity', type: 'ManagedIdentityExtensionForLinux', typeHandlerVersion: '1.0' },
};

describe('user-assigned-identity-dictionary with no-managed-identity-extension', () => {
  it('a VM at 2015-06-15 with identityIds: raised and converted, then the extension goes', () => {
    const outcome = fixText(template({ resources: [vm('2015-06-15', { type: 'UserAssigned', identityIds: [ID] }), extension] }), rules);
    expect(outcome.findings.map((f) => f.message)).toEqual([]);
    expect(outcome.fixed).toBe(2);
    expect(outcome.output).toBe(template({ resources: [vm('2018-06-01', { type: 'UserAssigned', userAssignedIdentities: { [ID]: {} } })] }));
  });

  it('a VM at 2016-03-30 with identityIds: raised and converted; the extension goes in the same pass', () => {
    const outcome = fixText(template({ resources: [vm('2016-03-30', { type: 'SystemAssigned', identityIds: [ID] }), extension] }), rules);
    expect(outcome.findings.map((f) => f.message)).toEqual([]);
    expect(outcome.output).toBe(template({ resources: [vm('2018-06-01', { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID]: {} } })] }));
  });
});

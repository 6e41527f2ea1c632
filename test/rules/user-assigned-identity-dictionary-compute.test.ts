import { userAssignedIdentityDictionary } from '../../rules/user-assigned-identity-dictionary';
import { runRuleTests, template } from '../support/rule-tester';

// Compute VMs and scale sets in the official schemas: no identity up to 2015-06-15, SystemAssigned
// from 2016-03-30, identityIds at 2017-12-01 and 2018-04-01, the dictionary from 2018-06-01.
const ID1 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]";
const RAISED = 'ARM expects the dictionary "userAssignedIdentities": {"<resource id>": {}} with apiVersion 2018-06-01 or later.';
const VM = 'Microsoft.Compute/virtualMachines';
const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';
const machine = (type: string, apiVersion: string, identity: unknown, name = 'm') => ({ type, apiVersion, name, location: 'westus', identity, properties: {} });
const ids = { type: 'UserAssigned', identityIds: [ID1] };
const dictionary = { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } };
const takesNot = (apiVersion: string, type: string, takes: string) =>
  `apiVersion ${apiVersion} of ${type} ${takes}; the dictionary userAssignedIdentities needs 2018-06-01 or later.`;

/** identityIds at `apiVersion`: converted and raised to 2018-06-01 (or only converted from 2018-06-01 on). */
const raisedArray = (type: string, apiVersion: string) => ({
  name: `identityIds on a ${type} at ${apiVersion}`,
  code: template({ resources: [machine(type, apiVersion, ids)] }),
  errors: [{ message: `identity.identityIds lists user-assigned identities as an array; ${apiVersion < '2018-06-01' ? RAISED : RAISED.replace(' with apiVersion 2018-06-01 or later', '')}`, fixable: true }],
  output: template({ resources: [machine(type, apiVersion < '2018-06-01' ? '2018-06-01' : apiVersion, dictionary)] }),
});

runRuleTests(userAssignedIdentityDictionary, {
  valid: [
    { name: 'dictionary on a VM at 2018-06-01', code: template({ resources: [machine(VM, '2018-06-01', dictionary)] }) },
    { name: 'dictionary on a scale set at a version newer than the schemas', code: template({ resources: [machine(VMSS, '2099-01-01', dictionary)] }) },
    { name: 'SystemAssigned on a VM at 2017-03-30', code: template({ resources: [machine(VM, '2017-03-30', { type: 'SystemAssigned' })] }) },
  ],
  invalid: [
    raisedArray(VM, '2015-06-15'),
    raisedArray(VM, '2016-03-30'),
    raisedArray(VMSS, '2016-04-30-preview'),
    raisedArray(VM, '2017-03-30'),
    raisedArray(VM, '2017-12-01'),
    raisedArray(VMSS, '2018-04-01'),
    raisedArray(VM, '2018-06-01'),
    raisedArray(VMSS, '2019-03-01'),
    {
      name: 'dictionary on a VM at 2017-03-30: the message says it takes none',
      code: template({ resources: [machine(VM, '2017-03-30', dictionary)] }),
      errors: [{ message: takesNot('2017-03-30', VM, 'takes no user-assigned identities'), fixable: true }],
      output: template({ resources: [machine(VM, '2018-06-01', dictionary)] }),
    },
    {
      name: 'dictionary on a scale set at 2015-06-15: it takes no identity',
      code: template({ resources: [machine(VMSS, '2015-06-15', dictionary)] }),
      errors: [{ message: takesNot('2015-06-15', VMSS, 'takes no identity'), fixable: true }],
      output: template({ resources: [machine(VMSS, '2018-06-01', dictionary)] }),
    },
    {
      name: 'dictionary on a scale set at 2018-04-01: it takes the array',
      code: template({ resources: [machine(VMSS, '2018-04-01', dictionary)] }),
      errors: [{ message: takesNot('2018-04-01', VMSS, 'takes user-assigned identities as an array'), fixable: true }],
      output: template({ resources: [machine(VMSS, '2018-06-01', dictionary)] }),
    },
    {
      name: 'a dictionary from an object parameter on a VM at 2018-04-01 is reported and raised',
      code: template({
        parameters: { uaiMap: { type: 'object' } },
        resources: [machine(VM, '2018-04-01', { type: 'UserAssigned', userAssignedIdentities: "[parameters('uaiMap')]" })],
      }),
      errors: [{ message: takesNot('2018-04-01', VM, 'takes user-assigned identities as an array'), fixable: true }],
      output: template({
        parameters: { uaiMap: { type: 'object' } },
        resources: [machine(VM, '2018-06-01', { type: 'UserAssigned', userAssignedIdentities: "[parameters('uaiMap')]" })],
      }),
    },
    {
      name: 'UserAssigned on a VM at 2017-03-30: raised to the first version with the dictionary',
      code: template({ resources: [machine(VM, '2017-03-30', { type: 'SystemAssigned, UserAssigned' })] }),
      errors: [
        {
          message: `identity.type "SystemAssigned, UserAssigned" asks for user-assigned identities, which apiVersion 2017-03-30 of ${VM} does not accept; the first apiVersion that accepts them is 2017-12-01, and 2018-06-01 the first that takes the dictionary.`,
          fixable: true,
        },
      ],
      output: template({ resources: [machine(VM, '2018-06-01', { type: 'SystemAssigned, UserAssigned' })] }),
    },
    {
      name: 'identityIds with an apiVersion armlint cannot resolve',
      code: template({ parameters: { api: { type: 'string' } }, resources: [machine(VM, "[parameters('api')]", ids)] }),
      errors: [
        {
          message: `identity.identityIds lists user-assigned identities as an array; ${RAISED} Not fixed automatically: the apiVersion cannot be resolved, and Compute needs 2018-06-01 or later for the dictionary.`,
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});

import { noManagedIdentityExtension } from '../../rules/no-managed-identity-extension';
import { runRuleTests, template } from '../support/rule-tester';

// Which Compute apiVersions accept a SystemAssigned identity comes from data/identity-support.json
// (official schemas): none at 2015-06-15, SystemAssigned from 2016-03-30 on.
const LINUX = `Deprecated managed identity VM extension 'ManagedIdentityExtensionForLinux': it no longer deploys; the resource's identity block and IMDS replace it.`;
const notFixed = (why: string) => `${LINUX} Not fixed automatically: ${why}.`;
const ADDS_IDENTITY = `${LINUX} --fix: deletes it; adds "identity": {"type": "SystemAssigned"} to VM 'myVm'.`;
const DELETES = `${LINUX} --fix: deletes it.`;

const vm = (apiVersion: string, identity?: unknown) => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion,
  name: 'myVm',
  location: 'westus',
  ...(identity ? { identity } : {}),
  properties: { hardwareProfile: { vmSize: 'Standard_A1' } },
});
const scaleSet = (apiVersion: string, identity?: unknown) => ({ ...vm(apiVersion, identity), type: 'Microsoft.Compute/virtualMachineScaleSets', name: 'mySet' });
const extension = (parent: string) => ({
  type: `${parent}/extensions`,
  apiVersion: '2018-06-01',
  name: parent.endsWith('ScaleSets') ? 'mySet/MSIExtension' : 'myVm/MSIExtension',
  location: 'westus',
  properties: { publisher: 'Microsoft.ManagedIdentity', type: 'ManagedIdentityExtensionForLinux', typeHandlerVersion: '1.0' },
});
const VM = 'Microsoft.Compute/virtualMachines';
const SET = 'Microsoft.Compute/virtualMachineScaleSets';

runRuleTests(noManagedIdentityExtension, {
  valid: [],
  invalid: [
    {
      name: 'a VM at 2016-03-30 accepts a SystemAssigned identity: the fix adds one',
      code: template({ resources: [vm('2016-03-30'), extension(VM)] }),
      errors: [{ message: ADDS_IDENTITY, fixable: true }],
      output: template({ resources: [vm('2016-03-30', { type: 'SystemAssigned' })] }),
    },
    {
      name: 'a scale set at 2016-04-30-preview keeps its identity',
      code: template({ resources: [scaleSet('2016-04-30-preview', { type: 'SystemAssigned' }), extension(SET)] }),
      errors: [{ message: DELETES, fixable: true }],
      output: template({ resources: [scaleSet('2016-04-30-preview', { type: 'SystemAssigned' })] }),
    },
    {
      name: 'a VM at 2015-06-15 without identity: the first version that accepts one is named',
      code: template({ resources: [vm('2015-06-15'), extension(VM)] }),
      errors: [
        {
          message: notFixed('its VM or scale set uses apiVersion 2015-06-15, which predates managed identity; raise it to 2016-03-30 or later and add an identity block'),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an identity on a version that accepts none does not count',
      code: template({ resources: [vm('2015-06-15', { type: 'SystemAssigned' }), extension(VM)] }),
      errors: [
        {
          message: notFixed('its VM or scale set uses apiVersion 2015-06-15, which accepts no identity, so its identity block does not count; raise it to 2016-03-30 or later'),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a scale set at 2015-05-01-preview (a version the old date rule did not know) accepts none',
      code: template({ resources: [scaleSet('2015-05-01-preview', { type: 'SystemAssigned' }), extension(SET)] }),
      errors: [
        {
          message: notFixed('its VM or scale set uses apiVersion 2015-05-01-preview, which accepts no identity, so its identity block does not count; raise it to 2016-03-30 or later'),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a version newer than the schemas is judged by its date: the fix adds an identity',
      code: template({ resources: [vm('2099-01-01'), extension(VM)] }),
      errors: [{ message: ADDS_IDENTITY, fixable: true }],
      output: template({ resources: [vm('2099-01-01', { type: 'SystemAssigned' })] }),
    },
    {
      name: 'an unlisted version dated before the first that accepts an identity',
      code: template({ resources: [vm('2016-01-01'), extension(VM)] }),
      errors: [
        {
          message: notFixed('its VM or scale set uses apiVersion 2016-01-01, which predates managed identity; raise it to 2016-03-30 or later and add an identity block'),
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});

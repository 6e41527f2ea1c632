/** A template that exercises every rule and every placement of the deprecated extension. */
import { TEMPLATE_SCHEMA } from './helpers';

const ID = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'app')]";
const MI = (type: string) => ({ publisher: 'Microsoft.ManagedIdentity', type, typeHandlerVersion: '1.0', autoUpgradeMinorVersion: true, settings: { port: 50342 } });
const vm = (name: string, identity: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2017-12-01',
  name,
  location: 'westus',
  identity,
  properties: { hardwareProfile: { vmSize: 'Standard_A1' }, osProfile: { computerName: name } },
  ...extra,
});

/** Every rule and placement: child extension, top-level extension, scale-set profile entry, nested deployment, variables, token URL, array identities. */
export const BASE = {
  $schema: TEMPLATE_SCHEMA,
  contentVersion: '1.0.0.0',
  parameters: { ids: { type: 'array', defaultValue: [] } },
  variables: {
    extVar: { name: 'ManagedIdentityExtensionForLinux', properties: MI('ManagedIdentityExtensionForLinux') },
    extensions: "[createArray(variables('extVar'), variables('script'))]",
    script: { name: 'script', properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript' } },
  },
  resources: [
    vm('vm1', { type: 'UserAssigned', identityIds: [ID] }, {
      dependsOn: ['st1'],
      resources: [{ type: 'extensions', apiVersion: '2017-12-01', name: 'ManagedIdentityExtensionForLinux', location: 'westus', dependsOn: ['vm1'], properties: MI('ManagedIdentityExtensionForLinux') }],
    }),
    {
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      apiVersion: '2018-06-01',
      name: 'ss1',
      location: 'westus',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [ID]: {} } },
      properties: {
        virtualMachineProfile: {
          extensionProfile: {
            extensions: [
              { name: 'mi', properties: MI('ManagedIdentityExtensionForLinux') },
              {
                name: 'script',
                properties: {
                  publisher: 'Microsoft.Azure.Extensions',
                  type: 'CustomScript',
                  provisionAfterExtensions: ['mi'],
                  settings: { commandToExecute: 'curl -s http://localhost:50342/oauth2/token?resource=https://management.azure.com/ -H Metadata:true' },
                },
              },
            ],
          },
        },
      },
    },
    {
      type: 'Microsoft.Compute/virtualMachines/extensions',
      apiVersion: '2018-06-01',
      name: 'vm2/ManagedIdentityExtensionForWindows',
      location: 'westus',
      dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', 'vm2')]"],
      properties: MI('ManagedIdentityExtensionForWindows'),
    },
    vm('vm2', { type: 'SystemAssigned' }, { apiVersion: '2018-06-01', properties: { extensionsRef: "[variables('extensions')]" } }),
    {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2019-10-01',
      name: 'nested',
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        template: {
          $schema: TEMPLATE_SCHEMA,
          contentVersion: '1.0.0.0',
          resources: [
            vm('vm3', { type: 'SystemAssigned' }, {
              apiVersion: '2018-06-01',
              resources: [{ type: 'extensions', apiVersion: '2018-06-01', name: 'ManagedIdentityExtensionForWindows', location: 'westus', dependsOn: ['vm3'], properties: MI('ManagedIdentityExtensionForWindows') }],
            }),
          ],
        },
      },
    },
    {
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2022-09-01',
      name: 'st1',
      location: 'westus',
      dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm2', 'ManagedIdentityExtensionForWindows')]"],
      properties: { note: 'identityIds userAssignedIdentities ManagedIdentity' },
    },
  ],
  outputs: { state: { type: 'string', value: "[reference(resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm2', 'ManagedIdentityExtensionForWindows'), '2018-06-01').provisioningState]" } },
};


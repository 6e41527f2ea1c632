'use strict';
// Inputs for the benchmark that the shared corpora do not contain as such:
// a repository being migrated (every template has findings) and one big
// template whose size can be scaled, to see how cost grows with size.
const fs = require('node:fs');
const path = require('node:path');

/**
 * `copies` copies of every template in `source` (../shared/corpus/msi-history),
 * made writable (the shared files are read-only, and --fix must rewrite them).
 */
function denseSet(source, target, copies) {
  const files = fs.readdirSync(source).filter((f) => f.endsWith('.json'));
  const texts = files.map((f) => fs.readFileSync(path.join(source, f)));
  for (let i = 0; i < copies; i++) {
    const dir = path.join(target, `copy${i}`);
    fs.mkdirSync(dir, { recursive: true });
    files.forEach((f, j) => fs.writeFileSync(path.join(dir, f), texts[j], { mode: 0o644 }));
  }
  return files.length * copies;
}

/**
 * One template with `vms` VMs, each with the deprecated extension as a child
 * resource and a CustomScript extension that depends on it: every VM gives the
 * extension rule a finding, a dependent to rewrite and references to check.
 */
function bigTemplate(vms) {
  const resources = [];
  for (let i = 0; i < vms; i++) {
    const vm = `vm${i}`;
    resources.push({
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2017-03-30',
      name: vm,
      location: "[parameters('location')]",
      identity: { type: 'SystemAssigned' },
      properties: {
        hardwareProfile: { vmSize: 'Standard_D2_v3' },
        networkProfile: { networkInterfaces: [{ id: `[resourceId('Microsoft.Network/networkInterfaces', 'nic${i}')]` }] },
      },
      resources: [
        {
          type: 'extensions',
          apiVersion: '2017-03-30',
          name: 'ManagedIdentityExtensionForLinux',
          location: "[parameters('location')]",
          dependsOn: [`[resourceId('Microsoft.Compute/virtualMachines', '${vm}')]`],
          properties: {
            publisher: 'Microsoft.ManagedIdentity',
            type: 'ManagedIdentityExtensionForLinux',
            typeHandlerVersion: '1.0',
            autoUpgradeMinorVersion: true,
            settings: { port: 50342 },
          },
        },
      ],
    });
    resources.push({
      type: 'Microsoft.Compute/virtualMachines/extensions',
      apiVersion: '2017-03-30',
      name: `${vm}/setup`,
      location: "[parameters('location')]",
      dependsOn: [
        `[resourceId('Microsoft.Compute/virtualMachines', '${vm}')]`,
        `[resourceId('Microsoft.Compute/virtualMachines/extensions', '${vm}', 'ManagedIdentityExtensionForLinux')]`,
      ],
      properties: {
        publisher: 'Microsoft.Azure.Extensions',
        type: 'CustomScript',
        typeHandlerVersion: '2.0',
        settings: { commandToExecute: 'echo ready' },
      },
    });
  }
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { location: { type: 'string', defaultValue: 'westeurope' } },
    resources,
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

module.exports = { denseSet, bigTemplate };

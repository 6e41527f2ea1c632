import { noManagedIdentityExtension } from '../../rules/no-managed-identity-extension';
import { runRuleTests, template } from '../support/rule-tester';
import { addsIdentity, customScript, fixes, msiProperties, notFixed, profileEntry, scaleSet, unusedParameter, vm } from '../support/msi-template-parts';

/**
 * Every reference form of the issue "--fix keeps every template deployable":
 * each case was a template --fix used to break (a dangling reference, an
 * identity on the wrong VM or none); now it is fixed completely or reported
 * with the reason and left alone.
 */

const LINUX_TYPE = 'ManagedIdentityExtensionForLinux';
const scaleSetExtension = (name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
  apiVersion: '2018-06-01',
  name,
  dependsOn: ["[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'myScaleSet')]"],
  properties,
  ...extra,
});
/** VMs deployed by a copy loop, each with an identity. */
const vmLoop = (name: string, loop: string, count: number) => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2018-06-01',
  name,
  location: 'westus',
  identity: { type: 'SystemAssigned' },
  copy: { name: loop, count },
  properties: {},
});
const nodeVms = vmLoop("[concat('node', copyIndex())]", 'nodes', 3);
const nodeMsi = {
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name: "[concat('node', copyIndex(), '/ManagedIdentityExtensionForLinux')]",
  location: 'westus',
  copy: { name: 'nodeMsi', count: 3 },
  dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', concat('node', copyIndex()))]"],
  properties: msiProperties(),
};
const namedVm = (name: string, extra: Record<string, unknown> = {}, identity: unknown = { type: 'SystemAssigned' }) => vm({ name, ...extra }, identity);
const childMsi = (name = 'MSIExtension') => ({ type: 'extensions', apiVersion: '2018-06-01', name, location: 'westus', properties: msiProperties() });
const deployment = (name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2021-04-01',
  name,
  ...extra,
  properties: { mode: 'Incremental', ...properties },
});
const innerTemplate = (sections: Record<string, unknown>) => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  ...sections,
});
/** An inner-scope deployment passing vmName 'web1' to a template whose default is 'web0'. */
const innerScopeDeployment = (resources: unknown[]) =>
  template({
    resources: [
      deployment('inner', {
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: { vmName: { value: 'web1' } },
        template: innerTemplate({ parameters: { vmName: { type: 'string', defaultValue: 'web0' } }, resources }),
      }),
    ],
  });
const symbolicVms = vmLoop("[format('vm{0}', copyIndex())]", 'vms', 2);
const symbolicMsis = (dependsOn: string[]) => ({
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name: "[format('vm{0}/msi', copyIndex())]",
  location: 'westus',
  copy: { name: 'msis', count: 2 },
  dependsOn,
  properties: msiProperties(),
});
const symbolicScripts = (dependsOn: string[]) => ({
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name: "[format('vm{0}/script', copyIndex())]",
  location: 'westus',
  copy: { name: 'scripts', count: 2 },
  dependsOn,
  properties: customScript,
});

runRuleTests(noManagedIdentityExtension, {
  valid: [],
  invalid: [
    // provisionAfterExtensions wherever the extensions live
    {
      name: 'provisionAfterExtensions in the profile naming a top-level scale-set extension resource',
      code: template({
        resources: [
          scaleSet([profileEntry('script', { ...customScript, provisionAfterExtensions: ['MSIExtension'] })]),
          scaleSetExtension('myScaleSet/MSIExtension', msiProperties()),
        ],
      }),
      errors: [{ message: fixes('Linux', '1 provisionAfterExtensions entry naming it removed') }],
      output: template({ resources: [scaleSet([profileEntry('script', customScript)])] }),
    },
    {
      name: 'a top-level scale-set extension resource waiting for the profile entry',
      code: template({
        resources: [
          scaleSet([profileEntry('MSIExtension', msiProperties())]),
          scaleSetExtension('myScaleSet/script', { ...customScript, provisionAfterExtensions: ['MSIExtension', 'other'] }),
        ],
      }),
      errors: [{ message: fixes('Linux', '1 provisionAfterExtensions entry naming it removed') }],
      output: template({
        resources: [scaleSet([]), scaleSetExtension('myScaleSet/script', { ...customScript, provisionAfterExtensions: ['other'] })],
      }),
    },
    {
      name: 'a child scale-set extension resource waiting for a sibling child',
      code: template({
        resources: [
          {
            ...scaleSet([]),
            resources: [
              { type: 'extensions', apiVersion: '2018-06-01', name: 'MSIExtension', properties: msiProperties() },
              { type: 'extensions', apiVersion: '2018-06-01', name: 'script', properties: { ...customScript, provisionAfterExtensions: ['MSIExtension'] } },
            ],
          },
        ],
      }),
      errors: [{ message: fixes('Linux', '1 provisionAfterExtensions entry naming it removed') }],
      output: template({
        resources: [{ ...scaleSet([]), resources: [{ type: 'extensions', apiVersion: '2018-06-01', name: 'script', properties: customScript }] }],
      }),
    },
    {
      name: 'provisionAfterExtensions entry and extension name given by a variable',
      code: template({
        variables: { msiName: 'MSIExtension' },
        resources: [
          scaleSet([
            profileEntry("[variables('msiName')]", msiProperties()),
            profileEntry('script', { ...customScript, provisionAfterExtensions: ["[variables('msiName')]"] }),
          ]),
        ],
      }),
      errors: [{ message: fixes('Linux', '1 provisionAfterExtensions entry naming it removed', "removes variable 'msiName' only it used") }],
      output: template({ variables: {}, resources: [scaleSet([profileEntry('script', customScript)])] }),
    },
    {
      name: 'extension spliced into the profile from a variable, waited for by another spliced variable',
      code: template({
        variables: {
          msiExtension: profileEntry('MSIExtension', msiProperties()),
          script: profileEntry('script', { ...customScript, provisionAfterExtensions: ['MSIExtension'] }),
        },
        resources: [scaleSet("[createArray(variables('msiExtension'), variables('script'))]" as unknown as unknown[])],
      }),
      errors: [{ message: fixes('Linux', 'removes it from 1 expression', '1 provisionAfterExtensions entry naming it removed') }],
      output: template({
        variables: { script: profileEntry('script', customScript) },
        resources: [scaleSet("[createArray(variables('script'))]" as unknown as unknown[])],
      }),
    },
    // dependsOn forms
    {
      name: 'a bare short name shared by the children of two VMs: ambiguous, reported without a fix',
      code: template({
        resources: [
          namedVm('vmA', { resources: [childMsi()] }),
          namedVm('vmB', { resources: [{ ...childMsi(), properties: customScript }] }),
          deployment('config', {}, { dependsOn: ['MSIExtension'] }),
        ],
      }),
      errors: [
        {
          message: notFixed(
            LINUX_TYPE,
            'the dependsOn entry at line 68, column 9 names it or another resource (2 candidates); make that reference unambiguous first',
          ),
        },
      ],
      output: null,
    },
    {
      name: "one instance of a copy loop by its literal name: the instance's VM dependency cannot be written for it, reported",
      code: template({
        resources: [
          nodeVms,
          nodeMsi,
          deployment('config', {}, { dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines/extensions', 'node0', 'ManagedIdentityExtensionForLinux')]"] }),
        ],
      }),
      errors: [
        {
          message: notFixed(
            LINUX_TYPE,
            `the resource depending on it at line 46, column 9 would need its dependencies ("[resourceId('Microsoft.Compute/virtualMachines', concat('node', copyIndex()))]") rewritten for another scope or copy loop`,
          ),
        },
      ],
      output: null,
    },
    {
      name: 'one instance of a copy loop by its literal name, the dependent already waiting for the VMs: entry removed',
      code: template({
        resources: [
          nodeVms,
          nodeMsi,
          deployment('config', {}, { dependsOn: ['nodes', "[resourceId('Microsoft.Compute/virtualMachines/extensions', 'node0', 'ManagedIdentityExtensionForLinux')]"] }),
        ],
      }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it removed') }],
      output: template({ resources: [nodeVms, deployment('config', {}, { dependsOn: ['nodes'] })] }),
    },
    {
      name: "languageVersion 2.0: format('msis[{0}]', copyIndex()) rewired to the instance's VM",
      code: template({
        languageVersion: '2.0',
        resources: {
          vms: symbolicVms,
          msis: symbolicMsis(["[format('vms[{0}]', copyIndex())]"]),
          scripts: symbolicScripts(["[format('msis[{0}]', copyIndex())]"]),
        },
      }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it rewired to what it waited for') }],
      output: template({
        languageVersion: '2.0',
        resources: { vms: symbolicVms, scripts: symbolicScripts(["[format('vms[{0}]', copyIndex())]"]) },
      }),
    },
    {
      name: 'languageVersion 2.0: msis[0] rewired to the whole VM loop the extensions waited for',
      code: template({
        languageVersion: '2.0',
        resources: {
          vms: symbolicVms,
          msis: symbolicMsis(['vms']),
          config: deployment('config', {}, { dependsOn: ['msis[0]'] }),
        },
      }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it rewired to what it waited for') }],
      output: template({ languageVersion: '2.0', resources: { vms: symbolicVms, config: deployment('config', {}, { dependsOn: ['vms'] }) } }),
    },
    // expression references
    {
      name: 'reference() to one copy instance by literal name in an output that only reads it: output removed',
      code: template({
        resources: [nodeVms, nodeMsi],
        outputs: {
          msiState: {
            type: 'string',
            value: "[reference(resourceId('Microsoft.Compute/virtualMachines/extensions', 'node0', 'ManagedIdentityExtensionForLinux'), '2018-06-01').provisioningState]",
          },
        },
      }),
      errors: [{ message: fixes('Linux', "removes output 'msiState'") }],
      output: template({ resources: [nodeVms], outputs: {} }),
    },
    {
      name: 'languageVersion 2.0: resourceInfo() and references() of the extension in outputs: outputs removed',
      code: template({
        languageVersion: '2.0',
        resources: { vms: symbolicVms, msis: symbolicMsis(['vms']) },
        outputs: {
          msiIds: { type: 'array', value: "[references('msis')]" },
          msiInfo: { type: 'object', value: "[resourceInfo('msis')]" },
        },
      }),
      errors: [{ message: fixes('Linux', "removes outputs 'msiIds', 'msiInfo'") }],
      output: template({ languageVersion: '2.0', resources: { vms: symbolicVms }, outputs: {} }),
    },
    {
      name: "an inner template's output read by the enclosing template: reported without a fix",
      code: template({
        resources: [
          deployment('inner', {
            expressionEvaluationOptions: { scope: 'inner' },
            template: innerTemplate({
              resources: [namedVm('vm1'), { ...childMsi('vm1/MSIExtension'), type: 'Microsoft.Compute/virtualMachines/extensions' }],
              outputs: {
                msiState: {
                  type: 'string',
                  value: "[reference(resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm1', 'MSIExtension'), '2018-06-01').provisioningState]",
                },
              },
            }),
          }),
        ],
        outputs: { msiState: { type: 'string', value: "[reference('inner').outputs.msiState.value]" } },
      }),
      errors: [
        {
          message: notFixed(
            LINUX_TYPE,
            "its nested deployment's output 'msiState' reads it, and the expression at line 61, column 16 reads that output; remove that read first",
          ),
        },
      ],
      output: null,
    },
    // the identity goes to the right VM, or nowhere
    {
      name: 'a nested deployment into another resource group whose extension names a VM with a twin in the parent group: reported',
      code: template({
        resources: [
          namedVm('vm1'),
          deployment(
            'dr',
            { template: innerTemplate({ resources: [{ ...childMsi('vm1/MSIExtension'), type: 'Microsoft.Compute/virtualMachines/extensions' }] }) },
            { resourceGroup: 'rg-dr' },
          ),
        ],
      }),
      errors: [
        {
          message: notFixed(
            LINUX_TYPE,
            'the VM or scale set it belongs to is not declared in the deployment scope the extension is deployed to (its nested deployment targets another resource group, subscription or scope), so armlint cannot make sure that resource keeps an identity',
          ),
        },
      ],
      output: null,
    },
    {
      name: 'an inner-scope deployment: the identity goes to the VM named by the value passed in, not by the default',
      code: innerScopeDeployment([
        namedVm('web0', {}, null),
        namedVm('web1', {}, null),
        { ...childMsi("[concat(parameters('vmName'), '/MSIExtension')]"), type: 'Microsoft.Compute/virtualMachines/extensions' },
      ]),
      errors: [{ message: fixes('Linux', addsIdentity("VM 'web1'"), unusedParameter('vmName')) }],
      output: innerScopeDeployment([namedVm('web0', {}, null), namedVm('web1')]),
    },
    {
      name: 'languageVersion 2.0: an existing VM gets no identity from this template: reported',
      code: template({
        languageVersion: '2.0',
        resources: {
          vm: { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2018-06-01', name: 'vm1', existing: true },
          msi: { ...childMsi('vm1/MSIExtension'), type: 'Microsoft.Compute/virtualMachines/extensions' },
        },
      }),
      errors: [
        {
          message: notFixed(LINUX_TYPE, "its VM or scale set is an 'existing' resource, which this template does not deploy, so armlint cannot give it an identity"),
        },
      ],
      output: null,
    },
    {
      name: 'two conditional declarations of one VM (Linux or Windows): both get the identity',
      code: template({
        parameters: { os: { type: 'string', defaultValue: 'Linux' } },
        resources: [
          namedVm('vm1', { condition: "[equals(parameters('os'), 'Linux')]" }, null),
          namedVm('vm1', { condition: "[equals(parameters('os'), 'Windows')]" }, null),
          { ...childMsi('vm1/MSIExtension'), type: 'Microsoft.Compute/virtualMachines/extensions' },
        ],
      }),
      errors: [
        {
          message: fixes(
            'Linux',
            addsIdentity("VM 'vm1' (declared at line 11, column 5)"),
            addsIdentity("VM 'vm1' (declared at line 23, column 5)"),
          ),
        },
      ],
      output: template({
        parameters: { os: { type: 'string', defaultValue: 'Linux' } },
        resources: [
          namedVm('vm1', { condition: "[equals(parameters('os'), 'Linux')]" }),
          namedVm('vm1', { condition: "[equals(parameters('os'), 'Windows')]" }),
        ],
      }),
    },
    {
      name: '"identity": {} is no identity: the fix gives it its type',
      code: template({ resources: [namedVm('vm1', {}, {}), { ...childMsi('vm1/MSIExtension'), type: 'Microsoft.Compute/virtualMachines/extensions' }] }),
      errors: [{ message: fixes('Linux', 'adds "type": "SystemAssigned" to the empty identity of VM \'vm1\'') }],
      output: template({ resources: [namedVm('vm1', {}, {})] }).replace('"identity": {}', '"identity": {"type": "SystemAssigned"}'),
    },
    {
      name: 'a dependent whose only dependency was a child extension (no dependsOn of its own) keeps waiting for the VM',
      code: template({
        resources: [namedVm('vm1', { resources: [childMsi()] }), deployment('config', {}, { dependsOn: ['MSIExtension'] })],
      }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it rewired to what it waited for') }],
      output: template({
        resources: [namedVm('vm1'), deployment('config', {}, { dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"] })],
      }),
    },
    // combinations and neighbours
    {
      name: 'one extension declared twice under OS conditions, a script waiting for it: both go, the script keeps the VM',
      code: template({
        parameters: { os: { type: 'string', defaultValue: 'Linux' } },
        resources: [
          namedVm('vm1'),
          { ...childMsi('vm1/msi'), type: 'Microsoft.Compute/virtualMachines/extensions', condition: "[equals(parameters('os'), 'Linux')]" },
          { ...childMsi('vm1/msi'), type: 'Microsoft.Compute/virtualMachines/extensions', condition: "[equals(parameters('os'), 'Windows')]", properties: msiProperties('Windows') },
          deployment('config', {}, { dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]", "[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm1', 'msi')]"] }),
        ],
      }),
      errors: [
        { message: fixes('Linux', '1 dependsOn entry naming it removed') },
        { message: fixes('Windows', '1 dependsOn entry naming it removed') },
      ],
      output: template({
        parameters: { os: { type: 'string', defaultValue: 'Linux' } },
        resources: [namedVm('vm1'), deployment('config', {}, { dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"] })],
      }),
    },
    {
      name: 'a property of another resource reads the extension: reported without a fix',
      code: template({
        resources: [
          namedVm('vm1'),
          { ...childMsi('vm1/msi'), type: 'Microsoft.Compute/virtualMachines/extensions' },
          deployment('config', { parameters: { msiState: { value: "[reference(resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm1', 'msi')).provisioningState]" } } }),
        ],
      }),
      errors: [{ message: notFixed(LINUX_TYPE, 'an expression at line 42, column 22 refers to it; remove that reference first') }],
      output: null,
    },
    {
      name: "an outer-scope nested template's extension of the parent's VM (same resource group): the parent's VM gets the identity",
      code: template({
        resources: [
          namedVm('vm1', {}, null),
          deployment('extensions', { template: innerTemplate({ resources: [{ ...childMsi('vm1/msi'), type: 'Microsoft.Compute/virtualMachines/extensions' }] }) }, { dependsOn: ['vm1'] }),
        ],
      }),
      errors: [{ message: fixes('Linux', addsIdentity("VM 'vm1'")) }],
      output: template({
        resources: [namedVm('vm1'), deployment('extensions', { template: innerTemplate({ resources: [] }) }, { dependsOn: ['vm1'] })],
      }),
    },
    {
      name: 'a VM with a user-assigned identity keeps it as it is',
      code: template({
        resources: [namedVm('vm1', {}, { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]": {} } }), { ...childMsi('vm1/msi'), type: 'Microsoft.Compute/virtualMachines/extensions' }],
      }),
      errors: [{ message: fixes('Linux') }],
      output: template({
        resources: [namedVm('vm1', {}, { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]": {} } })],
      }),
    },
    {
      name: 'a dependsOn entry only known at deployment (a parameter) might name the extension: reported without a fix',
      code: template({
        parameters: { waitFor: { type: 'string' } },
        resources: [namedVm('vm1'), { ...childMsi('vm1/msi'), type: 'Microsoft.Compute/virtualMachines/extensions' }, deployment('config', {}, { dependsOn: ["[parameters('waitFor')]"] })],
      }),
      errors: [{ message: notFixed(LINUX_TYPE, 'the dependsOn entry at line 44, column 9 is only known at deployment and might name it') }],
      output: null,
    },
  ],
});

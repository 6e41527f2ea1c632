import { noManagedIdentityExtension } from '../../rules/no-managed-identity-extension';
import { runRuleTests, template } from '../support/rule-tester';
import {
  addsIdentity, customScript, dependsOnForms, fixes, LINUX, msiExtension, msiProperties, notFixed, parameters, profileEntry, scaleSet,
  scriptExtension, unusedParameter, vm, vmDependency, WINDOWS,
} from '../support/msi-template-parts';

runRuleTests(noManagedIdentityExtension, {
  valid: [
    { name: 'a VM with an identity and no extension', code: template({ parameters, resources: [vm()] }) },
    { name: 'another publisher', code: template({ parameters, resources: [vm(), scriptExtension([vmDependency])] }) },
    {
      name: 'the word in a description, metadata and an output',
      code: template({
        parameters: { vmName: { type: 'string', metadata: { description: 'Replaces ManagedIdentityExtensionForLinux' } } },
        resources: [vm()],
        outputs: {
          note: { type: 'string', value: 'Microsoft.ManagedIdentity ManagedIdentityExtensionForWindows was removed' },
          principalId: {
            type: 'string',
            value: "[reference(concat(resourceId('Microsoft.Compute/virtualMachines/', parameters('vmName')),'/providers/Microsoft.ManagedIdentity/Identities/default'),'2015-08-31-PREVIEW').principalId]",
          },
        },
      }),
    },
    {
      name: 'a user-assigned identity resource of the Microsoft.ManagedIdentity provider',
      code: template({
        resources: [{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2018-11-30', name: 'id1', location: 'westus' }],
      }),
    },
    {
      name: 'a scale set with other profile extensions',
      code: template({ resources: [scaleSet([profileEntry('script', customScript)])] }),
    },
  ],
  invalid: [
    {
      name: 'top-level extension resource (placement 1) whose VM has an identity',
      code: template({ parameters, resources: [vm(), msiExtension()] }),
      errors: [{ message: fixes('Linux'), line: 25, column: 5, endLine: 42, endColumn: 6, fixable: true }],
      output: template({ parameters, resources: [vm()] }),
    },
    {
      name: 'top-level extension resource whose VM has no identity: the fix adds one',
      code: template({ parameters, resources: [vm({}, null), msiExtension()] }),
      errors: [{ message: fixes('Linux', addsIdentity("VM '[parameters('vmName')]'")), fixable: true }],
      output: template({ parameters, resources: [vm()] }),
    },
    {
      name: 'Windows extension as a child resource of the VM (placement 2)',
      code: template({
        parameters,
        resources: [
          vm({
            resources: [{ ...msiExtension(), type: 'extensions', name: 'MSIExtension', properties: msiProperties('Windows') }],
          }),
        ],
      }),
      errors: [{ message: fixes('Windows'), fixable: true }],
      output: template({ parameters, resources: [vm()] }),
    },
    ...dependsOnForms.map(([form, entry]) => ({
      name: `dependsOn entry in another resource: ${form}`,
      code: template({ parameters, resources: [vm(), msiExtension(), scriptExtension([vmDependency, entry])] }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it removed'), fixable: true }],
      output: template({ parameters, resources: [vm(), scriptExtension([vmDependency])] }),
    })),
    {
      name: 'a dependent that only waited for the extension now waits for what the extension waited for (its VM)',
      code: template({ parameters, resources: [vm(), msiExtension(), scriptExtension(["[resourceId('Microsoft.Compute/virtualMachines/extensions', parameters('vmName'), 'MSIExtension')]"])] }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it rewired to what it waited for'), fixable: true }],
      output: template({ parameters, resources: [vm(), scriptExtension([vmDependency])] }),
    },
    {
      name: "inherited dependencies that use the extension's copyIndex() for a loop-wide dependent: reported without a fix",
      code: template({
        parameters,
        resources: [
          vm({ name: "[concat(parameters('vmName'), copyIndex())]", copy: { name: 'vmLoop', count: 2 } }),
          msiExtension({
            name: "[concat(parameters('vmName'), copyIndex(), '/MSIExtension')]",
            copy: { name: 'msiLoop', count: 2 },
            dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', concat(parameters('vmName'), copyIndex()))]"],
          }),
          scriptExtension(['msiLoop']),
        ],
      }),
      errors: [
        {
          message: notFixed(
            'ManagedIdentityExtensionForLinux',
            `the resource depending on it at line 57, column 9 would need its dependencies ("[resourceId('Microsoft.Compute/virtualMachines', concat(parameters('vmName'), copyIndex()))]") rewritten for another scope or copy loop`,
          ),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'copy loop (placement 5) and a dependsOn naming the loop',
      code: template({
        parameters,
        resources: [
          vm(),
          msiExtension({ name: "[concat(parameters('vmName'), '/MSIExtension', copyIndex())]", copy: { name: 'msiLoop', count: 2 } }),
          scriptExtension(['msiLoop', vmDependency]),
        ],
      }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it removed'), fixable: true }],
      output: template({ parameters, resources: [vm(), scriptExtension([vmDependency])] }),
    },
    {
      name: 'scale-set extensionProfile entry (placement 3) with provisionAfterExtensions naming it',
      code: template({
        resources: [
          scaleSet([
            profileEntry('MSIExtension', msiProperties()),
            profileEntry('script', { ...customScript, provisionAfterExtensions: ['MSIExtension'] }),
          ]),
        ],
      }),
      errors: [{ message: fixes('Linux', '1 provisionAfterExtensions entry naming it removed'), line: 17, column: 15, fixable: true }],
      output: template({ resources: [scaleSet([profileEntry('script', customScript)])] }),
    },
    {
      name: 'scale-set extension as a top-level resource, the scale set without identity',
      code: template({
        resources: [
          scaleSet([], null),
          {
            type: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
            apiVersion: '2018-06-01',
            name: 'myScaleSet/MSIExtension',
            dependsOn: ['myScaleSet'],
            properties: msiProperties('Windows'),
          },
        ],
      }),
      errors: [{ message: fixes('Windows', addsIdentity("scale set 'myScaleSet'")), fixable: true }],
      output: template({ resources: [scaleSet([])] }),
    },
    ...(['outer', 'inner'] as const).map((scope) => ({
      name: `inside a nested deployment with scope ${scope} (placement 4)`,
      code: template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2021-04-01',
            name: 'nested',
            properties: {
              mode: 'Incremental',
              expressionEvaluationOptions: { scope },
              template: {
                $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
                contentVersion: '1.0.0.0',
                parameters: scope === 'inner' ? parameters : {},
                resources: [vm({ name: 'myVm' }), msiExtension({ name: 'myVm/MSIExtension' })],
              },
            },
          },
        ],
      }),
      errors: [{ message: scope === 'inner' ? fixes('Linux', unusedParameter('vmName')) : fixes('Linux'), fixable: true }],
      output: template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2021-04-01',
            name: 'nested',
            properties: {
              mode: 'Incremental',
              expressionEvaluationOptions: { scope },
              template: {
                $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
                contentVersion: '1.0.0.0',
                parameters: scope === 'inner' ? parameters : {},
                resources: [vm({ name: 'myVm' })],
              },
            },
          },
        ],
      }),
    })),
    {
      name: 'type and publisher computed from variables and a parameter default (placement 7)',
      code: template({
        parameters: { ...parameters, msiPublisher: { type: 'string', defaultValue: 'Microsoft.ManagedIdentity' } },
        variables: { extType: "[concat('ManagedIdentityExtensionFor', 'Linux')]", extResourceType: 'Microsoft.Compute/virtualMachines/extensions' },
        resources: [
          vm(),
          msiExtension({
            type: "[variables('extResourceType')]",
            properties: { publisher: "[parameters('msiPublisher')]", type: "[variables('extType')]", typeHandlerVersion: '1.0' },
          }),
        ],
      }),
      errors: [{ message: fixes('Linux', "removes variables 'extType', 'extResourceType' only it used", unusedParameter('msiPublisher')), fixable: true }],
      output: template({
        parameters: { ...parameters, msiPublisher: { type: 'string', defaultValue: 'Microsoft.ManagedIdentity' } },
        variables: {},
        resources: [vm()],
      }),
    },
    {
      name: 'properties given whole by a variable',
      code: template({ parameters, variables: { msiSettings: msiProperties() }, resources: [vm(), msiExtension({ properties: "[variables('msiSettings')]" })] }),
      errors: [{ message: fixes('Linux', "removes variable 'msiSettings' only it used"), fixable: true }],
      output: template({ parameters, variables: {}, resources: [vm()] }),
    },
    {
      name: 'languageVersion 2.0: symbolic name entry and a dependsOn naming it',
      code: template({
        languageVersion: '2.0',
        parameters,
        resources: {
          vm: vm(),
          msi: msiExtension({ dependsOn: ['vm'] }),
          script: scriptExtension(['vm', 'msi']),
        },
      }),
      errors: [{ message: fixes('Linux', '1 dependsOn entry naming it removed'), fixable: true }],
      output: template({ languageVersion: '2.0', parameters, resources: { vm: vm(), script: scriptExtension(['vm']) } }),
    },
    {
      name: 'declared in variables and used through createArray (placement 6): argument and variable removed',
      code: template({
        variables: {
          msiExtension: profileEntry('MSIExtension', msiProperties()),
          script: profileEntry('script', customScript),
          profile: { extensions: "[createArray(variables('msiExtension'), variables('script'))]" },
        },
        resources: [scaleSet("[variables('profile').extensions]" as unknown as unknown[], null)],
      }),
      errors: [{ message: fixes('Linux', 'removes it from 1 expression', addsIdentity("scale set 'myScaleSet'")), line: 5, column: 21, fixable: true }],
      output: template({
        variables: {
          script: profileEntry('script', customScript),
          profile: { extensions: "[createArray(variables('script'))]" },
        },
        resources: [scaleSet("[variables('profile').extensions]" as unknown as unknown[])],
      }),
    },
    {
      name: 'declared as an element of an array in a variable: element removed',
      code: template({
        variables: { profile: { extensions: [profileEntry('MSIExtension', msiProperties()), profileEntry('script', { ...customScript, provisionAfterExtensions: ['MSIExtension'] })] } },
        resources: [scaleSet("[variables('profile').extensions]" as unknown as unknown[])],
      }),
      errors: [{ message: fixes('Linux', '1 provisionAfterExtensions entry naming it removed'), fixable: true }],
      output: template({
        variables: { profile: { extensions: [profileEntry('script', customScript)] } },
        resources: [scaleSet("[variables('profile').extensions]" as unknown as unknown[])],
      }),
    },
    {
      name: 'declared in variables and used alone: reported without a fix',
      code: template({
        variables: { msiExtension: profileEntry('MSIExtension', msiProperties()), extensions: "[createArray(variables('msiExtension'))]" },
        resources: [scaleSet("[variables('extensions')]" as unknown as unknown[])],
      }),
      errors: [
        {
          message: notFixed(
            'ManagedIdentityExtensionForLinux',
            "it is declared in variable 'msiExtension' and used by the expression at line 17, column 19 in a way armlint cannot rewrite; remove it from the variable and from the expressions that use it",
          ),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'parent apiVersion predates identity: reported without a fix',
      code: template({ parameters, resources: [vm({ apiVersion: '2015-06-15' }, null), msiExtension()] }),
      errors: [
        {
          message: notFixed(
            'ManagedIdentityExtensionForLinux',
            'its VM or scale set uses apiVersion 2015-06-15, which predates managed identity; raise it to 2016-03-30 or later and add an identity block',
          ),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an output that only reads the extension goes with it',
      code: template({
        parameters,
        resources: [vm(), msiExtension()],
        outputs: {
          state: {
            type: 'string',
            value: "[reference(resourceId('Microsoft.Compute/virtualMachines/extensions', parameters('vmName'), 'MSIExtension'), '2018-06-01').provisioningState]",
          },
          vmId: { type: 'string', value: "[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]" },
        },
      }),
      errors: [{ message: fixes('Linux', "removes output 'state'"), fixable: true }],
      output: template({
        parameters,
        resources: [vm()],
        outputs: { vmId: { type: 'string', value: "[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]" } },
      }),
    },
    {
      name: 'an output that mixes the extension with other data: reported without a fix',
      code: template({
        parameters,
        resources: [vm(), msiExtension()],
        outputs: {
          state: {
            type: 'string',
            value: "[concat(parameters('vmName'), reference(resourceId('Microsoft.Compute/virtualMachines/extensions', parameters('vmName'), 'MSIExtension')).provisioningState)]",
          },
        },
      }),
      errors: [
        {
          message: notFixed('ManagedIdentityExtensionForLinux', 'an expression at line 47, column 16 refers to it; remove that reference first'),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'parent identity of the wrong JSON type: reported without a fix',
      code: template({ parameters, resources: [vm({}, 'SystemAssigned'), msiExtension()] }),
      errors: [
        {
          message: notFixed('ManagedIdentityExtensionForLinux', `its VM or scale set's identity is a string, not an object; write "identity": {"type": "SystemAssigned"} first`),
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'parent VM not declared in this template: reported without a fix',
      code: template({ parameters, resources: [msiExtension()] }),
      errors: [
        {
          message: notFixed(
            'ManagedIdentityExtensionForLinux',
            'the VM or scale set it belongs to is not declared in this template, so armlint cannot make sure that resource keeps an identity',
          ),
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});

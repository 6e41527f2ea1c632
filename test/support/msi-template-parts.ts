/** Building blocks of templates with the managed identity extension, shared by the rule's test files. */
export const described = (type: string) =>
  `Deprecated managed identity VM extension '${type}': it no longer deploys; the resource's identity block and IMDS replace it.`;
export const LINUX = described('ManagedIdentityExtensionForLinux');
export const WINDOWS = described('ManagedIdentityExtensionForWindows');
/** A fixable finding's message: what it is, then what `--fix` does after deleting it. */
export const fixes = (os: string, ...effects: string[]) => `${described(`ManagedIdentityExtensionFor${os}`)} --fix: ${['deletes it', ...effects].join('; ')}.`;
export const addsIdentity = (what: string) => `adds "identity": {"type": "SystemAssigned"} to ${what}`;
export const unusedParameter = (name: string) => `leaves parameter '${name}' unused (kept: parameter files and pipelines may still pass it)`;
export const notFixed = (type: string, why: string) => `${described(type)} Not fixed automatically: ${why}.`;

export const parameters = { vmName: { type: 'string', defaultValue: 'myVm' } };
export const msiProperties = (os = 'Linux') => ({
  publisher: 'Microsoft.ManagedIdentity',
  type: `ManagedIdentityExtensionFor${os}`,
  typeHandlerVersion: '1.0',
  autoUpgradeMinorVersion: true,
  settings: { port: 50342 },
});
export const vm = (extra: Record<string, unknown> = {}, identity: unknown = { type: 'SystemAssigned' }) => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2018-06-01',
  name: "[parameters('vmName')]",
  location: 'westus',
  ...(identity ? { identity } : {}),
  properties: { hardwareProfile: { vmSize: 'Standard_A1' } },
  ...extra,
});
export const msiExtension = (extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name: "[concat(parameters('vmName'), '/MSIExtension')]",
  location: 'westus',
  dependsOn: ["[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]"],
  properties: msiProperties(),
  ...extra,
});
export const scriptExtension = (dependsOn: string[]) => ({
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name: "[concat(parameters('vmName'), '/script')]",
  location: 'westus',
  dependsOn,
  properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.0' },
});
export const vmDependency = "[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]";

export const dependsOnForms: Array<[string, string]> = [
  ['bare short name', 'MSIExtension'],
  ['parent/child name', 'myVm/MSIExtension'],
  ['parent/child name through an expression', "[concat(parameters('vmName'), '/MSIExtension')]"],
  ['resourceId() with type and two names', "[resourceId('Microsoft.Compute/virtualMachines/extensions', parameters('vmName'), 'MSIExtension')]"],
  ["concat('Microsoft.Compute/...') form", "[concat('Microsoft.Compute/virtualMachines/', parameters('vmName'), '/extensions/MSIExtension')]"],
];

export const scaleSet = (extensions: unknown[], identity: unknown = { type: 'SystemAssigned' }) => ({
  type: 'Microsoft.Compute/virtualMachineScaleSets',
  apiVersion: '2018-06-01',
  name: 'myScaleSet',
  location: 'westus',
  ...(identity ? { identity } : {}),
  properties: { virtualMachineProfile: { extensionProfile: { extensions } } },
});
export const profileEntry = (name: string, properties: Record<string, unknown>) => ({ name, properties });
export const customScript = { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.0' };


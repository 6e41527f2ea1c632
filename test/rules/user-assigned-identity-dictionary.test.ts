import { userAssignedIdentityDictionary } from '../../rules/user-assigned-identity-dictionary';
import { runRuleTests, template } from '../support/rule-tester';

const ID1 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]";
const ID2 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id2')]";
const arrayMessage = (key: string, api = false) =>
  `identity.${key} lists user-assigned identities as an array; ARM expects the dictionary "userAssignedIdentities": {"<resource id>": {}}` +
  (api ? ' with apiVersion 2018-06-01 or later' : '') +
  '.';
const vm = (apiVersion: string, identity: unknown) => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion,
  name: 'myVm',
  location: 'westus',
  identity,
  properties: {},
});
const webApp = (identity: unknown) => ({ type: 'Microsoft.Web/sites', apiVersion: '2022-03-01', name: 'app', location: 'westus', identity, properties: {} });

runRuleTests(userAssignedIdentityDictionary, {
  valid: [
    { name: 'dictionary on a 2018-06-01 VM', code: template({ resources: [vm('2018-06-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }) },
    { name: 'system-assigned only', code: template({ resources: [vm('2017-12-01', { type: 'SystemAssigned' })] }) },
    {
      name: 'a dictionary from an object parameter',
      code: template({ parameters: { ids: { type: 'object' } }, resources: [webApp({ type: 'UserAssigned', userAssignedIdentities: "[parameters('ids')]" })] }),
    },
    { name: 'dictionary on another provider', code: template({ resources: [webApp({ type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }) },
    {
      name: 'legal nested arrays: Service Fabric vmManagedIdentity, image templates, AKS pod identities',
      code: template({
        resources: [
          { type: 'Microsoft.ServiceFabric/managedClusters/nodeTypes', apiVersion: '2022-01-01', name: 'c/nt', properties: { vmManagedIdentity: { userAssignedIdentities: [ID1] } } },
          { type: 'Microsoft.VirtualMachineImages/imageTemplates', apiVersion: '2022-02-14', name: 'it', identity: { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } }, properties: { vmProfile: { userAssignedIdentities: [ID2] } } },
          { type: 'Microsoft.ContainerService/managedClusters', apiVersion: '2022-01-01', name: 'aks', properties: { podIdentityProfile: { userAssignedIdentities: [{ name: 'p', identity: {} }] } } },
        ],
      }),
    },
  ],
  invalid: [
    {
      name: 'identityIds on a 2017-12-01 VM: dictionary, apiVersion raised, type kept',
      code: template({ resources: [vm('2017-12-01', { type: 'UserAssigned', identityIds: [ID1, ID2] })] }),
      errors: [{ message: arrayMessage('identityIds', true), line: 12, column: 9, fixable: true }],
      output: template({ resources: [vm('2018-06-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {}, [ID2]: {} } })] }),
    },
    {
      name: 'identityIds with SystemAssigned type: both kept',
      code: template({ resources: [vm('2018-04-01', { type: 'SystemAssigned', identityIds: [ID1] })] }),
      errors: [{ message: arrayMessage('identityIds', true), fixable: true }],
      output: template({ resources: [vm('2018-06-01', { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
    },
    {
      name: 'userAssignedIdentities written as an array on a web app',
      code: template({ resources: [webApp({ type: 'UserAssigned', userAssignedIdentities: [ID1] })] }),
      errors: [{ message: arrayMessage('userAssignedIdentities'), fixable: true }],
      output: template({ resources: [webApp({ type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
    },
    {
      name: 'identity without a type gets UserAssigned',
      code: template({ resources: [webApp({ userAssignedIdentities: [ID1] })] }),
      errors: [{ message: arrayMessage('userAssignedIdentities'), fixable: true }],
      output: template({ resources: [webApp({ userAssignedIdentities: { [ID1]: {} }, type: 'UserAssigned' })] }),
    },
    {
      name: 'dictionary on a 2017-12-01 VM: apiVersion raised',
      code: template({ resources: [vm('2017-12-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
      errors: [
        {
          message: 'apiVersion 2017-12-01 of Microsoft.Compute/virtualMachines takes user-assigned identities as an array; the dictionary userAssignedIdentities needs 2018-06-01 or later.',
          line: 7,
          column: 21,
          fixable: true,
        },
      ],
      output: template({ resources: [vm('2018-06-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
    },
    {
      name: 'apiVersion from a variable only this VM uses: the variable is raised',
      code: template({ variables: { api: '2017-12-01' }, resources: [vm("[variables('api')]", { type: 'UserAssigned', identityIds: [ID1] })] }),
      errors: [{ message: `${arrayMessage('identityIds', true)} The apiVersion comes from variable 'api' ("2017-12-01", line 5).`, fixable: true }],
      output: template({ variables: { api: '2018-06-01' }, resources: [vm("[variables('api')]", { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
    },
    {
      name: 'identities from an array-typed parameter: toObject() with lambdas',
      code: template({ parameters: { ids: { type: 'array' } }, resources: [webApp({ type: 'UserAssigned', userAssignedIdentities: "[parameters('ids')]" })] }),
      errors: [{ message: arrayMessage('userAssignedIdentities'), fixable: true }],
      output: template({
        parameters: { ids: { type: 'array' } },
        resources: [
          webApp({
            type: 'UserAssigned',
            userAssignedIdentities: "[toObject(parameters('ids'), lambda('id', lambdaVariables('id')), lambda('id', createObject()))]",
          }),
        ],
      }),
    },
    {
      name: 'identities from an array variable on a 2018-04-01 VM: toObject() and apiVersion raised',
      code: template({ variables: { ids: [ID1, ID2] }, resources: [vm('2018-04-01', { type: 'UserAssigned', userAssignedIdentities: "[variables('ids')]" })] }),
      errors: [{ message: arrayMessage('userAssignedIdentities', true), fixable: true }],
      output: template({
        variables: { ids: [ID1, ID2] },
        resources: [
          vm('2018-06-01', {
            type: 'UserAssigned',
            userAssignedIdentities: "[toObject(variables('ids'), lambda('id', lambdaVariables('id')), lambda('id', createObject()))]",
          }),
        ],
      }),
    },
    {
      name: 'identityIds from an expression: reported without a fix',
      code: template({ parameters: { ids: { type: 'array' } }, resources: [vm('2018-04-01', { type: 'UserAssigned', identityIds: "[parameters('ids')]" })] }),
      errors: [{ message: `${arrayMessage('identityIds', true)} Not fixed automatically: the identities come from an expression.`, fixable: false }],
      output: null,
    },
    {
      name: 'duplicate ids: reported without a fix',
      code: template({ resources: [webApp({ type: 'UserAssigned', userAssignedIdentities: [ID1, ID1] })] }),
      errors: [
        {
          message: `${arrayMessage('userAssignedIdentities')} Not fixed automatically: the id ${JSON.stringify(ID1)} is listed twice and a dictionary cannot hold it twice.`,
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});

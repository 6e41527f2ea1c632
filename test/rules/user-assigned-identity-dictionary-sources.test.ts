import { userAssignedIdentityDictionary } from '../../rules/user-assigned-identity-dictionary';
import { runRuleTests, template } from '../support/rule-tester';

// apiVersions from variables and parameter defaults, and identities computed by expressions.
const ID1 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]";
const ID2 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id2')]";
const RAISED = 'identity.identityIds lists user-assigned identities as an array; ARM expects the dictionary "userAssignedIdentities": {"<resource id>": {}} with apiVersion 2018-06-01 or later.';
const VM = 'Microsoft.Compute/virtualMachines';
const API = "[variables('computeApiVersion')]";
const vm = (name: string, identity: unknown, apiVersion = API) => ({ type: VM, apiVersion, name, location: 'westus', identity, properties: {} });
const storage = { type: 'Microsoft.Storage/storageAccounts', apiVersion: API, name: 'st', location: 'westus', kind: 'StorageV2' };
const ids = (id: string) => ({ type: 'UserAssigned', identityIds: [id] });
const dictionary = (id: string) => ({ type: 'UserAssigned', userAssignedIdentities: { [id]: {} } });
const fromVariable = ' The apiVersion comes from variable \'computeApiVersion\' ("2017-12-01", line 5).';
const NESTED_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
/** A nested deployment: outer scope unless `innerVariables` gives the inner template its own variables. */
const deployment = (resource: unknown, innerVariables?: Record<string, string>) => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2021-04-01',
  name: 'nested',
  properties: innerVariables
    ? { expressionEvaluationOptions: { scope: 'inner' }, mode: 'Incremental', template: { variables: innerVariables, resources: [resource] } }
    : { mode: 'Incremental', template: { $schema: NESTED_SCHEMA, contentVersion: '1.0.0.0', resources: [resource] } },
});
const SELECTED = "[variables('identities')[parameters('identityKind')]]";
const CONVERT = RAISED.replace(' with apiVersion 2018-06-01 or later', '');
const identities = {
  user: { type: 'UserAssigned', identityIds: [ID1] },
  both: { type: 'SystemAssigned, UserAssigned', identityIds: [ID1, ID2] },
  system: { type: 'SystemAssigned' },
};

runRuleTests(userAssignedIdentityDictionary, {
  valid: [
    {
      name: 'an identity chosen from a variable that holds only dictionaries',
      code: template({
        parameters: { kind: { type: 'string', defaultValue: 'user' } },
        variables: { identities: { user: dictionary(ID1), system: { type: 'SystemAssigned' } } },
        resources: [vm('a', "[variables('identities')[parameters('kind')]]", '2018-06-01')],
      }),
    },
    {
      name: 'an object that is not an identity (other keys) inside a variable an identity reads',
      code: template({
        variables: { config: { identity: dictionary(ID1), network: { identityIds: [ID2], subnet: 'default' } } },
        resources: [vm('a', "[variables('config').identity]", '2018-06-01')],
      }),
    },
  ],
  invalid: [
    {
      name: 'a variable shared by two VMs this rule raises: changed once, both converted',
      code: template({ variables: { computeApiVersion: '2017-12-01' }, resources: [vm('a', ids(ID1)), vm('b', ids(ID2))] }),
      errors: [
        { message: `${RAISED}${fromVariable}`, line: 15, fixable: true },
        { message: `${RAISED}${fromVariable}`, line: 28, fixable: true },
      ],
      output: template({ variables: { computeApiVersion: '2018-06-01' }, resources: [vm('a', dictionary(ID1)), vm('b', dictionary(ID2))] }),
    },
    {
      name: 'a variable shared with a storage account: not changed, the other user named',
      code: template({ variables: { computeApiVersion: '2017-12-01' }, resources: [vm('a', ids(ID1)), storage] }),
      errors: [
        {
          message: `${RAISED}${fromVariable} Not fixed automatically: variable 'computeApiVersion' is also used by Microsoft.Storage/storageAccounts 'st'; give this resource its own apiVersion 2018-06-01 or later.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a variable shared with a VM whose own fix is blocked: not changed',
      code: template({ variables: { computeApiVersion: '2017-12-01' }, resources: [vm('a', ids(ID1)), vm('b', { type: 'UserAssigned', identityIds: [ID2, ID2] })] }),
      errors: [
        {
          message: `${RAISED}${fromVariable} Not fixed automatically: variable 'computeApiVersion' is also used by ${VM} 'b'; give this resource its own apiVersion 2018-06-01 or later.`,
          fixable: false,
        },
        {
          message: `${RAISED}${fromVariable} Not fixed automatically: the id ${JSON.stringify(ID2)} is listed twice and a dictionary cannot hold it twice.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a variable also read by an output: not changed, the line named',
      code: template({
        variables: { computeApiVersion: '2017-12-01' },
        resources: [vm('a', ids(ID1))],
        outputs: { api: { type: 'string', value: API } },
      }),
      errors: [
        {
          message: `${RAISED}${fromVariable} Not fixed automatically: variable 'computeApiVersion' is also used by the expression on line 25; give this resource its own apiVersion 2018-06-01 or later.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an apiVersion from a parameter default: named, not fixed',
      code: template({
        parameters: { computeApiVersion: { type: 'string', defaultValue: '2018-04-01' } },
        resources: [vm('a', dictionary(ID1), "[parameters('computeApiVersion')]")],
      }),
      errors: [
        {
          message:
            "apiVersion 2018-04-01 of Microsoft.Compute/virtualMachines takes user-assigned identities as an array; the dictionary userAssignedIdentities needs 2018-06-01 or later. The apiVersion comes from parameter 'computeApiVersion' (default \"2018-04-01\", line 7). Not fixed automatically: a deployment can pass another value for parameter 'computeApiVersion'; set the apiVersion to 2018-06-01 or later on the resource.",
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an apiVersion variable computed from another: not fixed',
      code: template({
        variables: { base: '2017-12-01', computeApiVersion: "[variables('base')]" },
        resources: [vm('a', ids(ID1))],
      }),
      errors: [
        {
          message: `${RAISED} Not fixed automatically: the apiVersion comes from an expression; set it to 2018-06-01 or later where it is defined.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an identity selected from a variable: its array shapes converted where declared, once',
      code: template({
        parameters: { identityKind: { type: 'string', allowedValues: ['user', 'both', 'system'] } },
        variables: { identities },
        resources: [vm('a', SELECTED, '2018-06-01'), vm('b', SELECTED, '2018-06-01')],
      }),
      errors: [
        { message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}".`, line: 18, fixable: true },
        { message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}".`, line: 24, fixable: true },
      ],
      output: template({
        parameters: { identityKind: { type: 'string', allowedValues: ['user', 'both', 'system'] } },
        variables: {
          identities: {
            user: { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } },
            both: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {}, [ID2]: {} } },
            system: { type: 'SystemAssigned' },
          },
        },
        resources: [vm('a', SELECTED, '2018-06-01'), vm('b', SELECTED, '2018-06-01')],
      }),
    },
    {
      name: 'a declared identity also read by an output: not converted',
      code: template({ variables: { identities }, resources: [vm('a', SELECTED, '2018-06-01')], outputs: { ids: { type: 'array', value: "[variables('identities').user.identityIds]" } } }),
      errors: [
        { message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}". Not fixed automatically: variable 'identities' is also read on line 37; convert the declaration by hand.`, fixable: false },
        { message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}". Not fixed automatically: variable 'identities' is also read on line 37; convert the declaration by hand.`, fixable: false },
      ],
      output: null,
    },
    {
      name: 'a declared identity read by a VM that needs a raise: not converted',
      code: template({ variables: { identities }, resources: [vm('a', SELECTED, '2018-06-01'), vm('b', SELECTED, '2017-12-01')] }),
      errors: [
        {
          message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}". Not fixed automatically: ${VM} 'b' also reads it and does not take the dictionary at apiVersion 2017-12-01; convert the declaration by hand.`,
          fixable: false,
        },
        {
          message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}". Not fixed automatically: ${VM} 'b' also reads it and does not take the dictionary at apiVersion 2017-12-01; convert the declaration by hand.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a declared identity read by types that spell the combined type differently: not converted',
      code: template({
        variables: { identities },
        resources: [vm('a', SELECTED, '2018-06-01'), { type: 'Microsoft.DataFactory/factories', apiVersion: '2018-06-01', name: 'df', location: 'westus', identity: SELECTED }],
      }),
      errors: [
        {
          message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}". Not fixed automatically: ${VM} 'a', Microsoft.DataFactory/factories 'df' read it and spell identity.type differently; convert the declaration by hand.`,
          fixable: false,
        },
        {
          message: `${CONVERT} ${VM} 'a' reads it through "${SELECTED}". Not fixed automatically: ${VM} 'a', Microsoft.DataFactory/factories 'df' read it and spell identity.type differently; convert the declaration by hand.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a declared identity in a parameter default: not converted',
      code: template({ parameters: { identity: { type: 'object', defaultValue: ids(ID1) } }, resources: [vm('a', "[parameters('identity')]", '2018-06-01')] }),
      errors: [
        {
          message: `${CONVERT} ${VM} 'a' reads it through "[parameters('identity')]". Not fixed automatically: it is the default value of parameter 'identity', which a deployment can replace; convert it by hand.`,
          line: 9,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an identity built inline by createObject: reported on the identity, no fix',
      code: template({
        resources: [vm('a', `[createObject('type', 'UserAssigned', 'identityIds', createArray('${ID1.slice(1, -1).replace(/'/g, "''")}'))]`, '2018-06-01')],
      }),
      errors: [
        {
          message: `${RAISED.replace(' with apiVersion 2018-06-01 or later', '')} Not fixed automatically: the identity is built by the expression "[createObject('type', 'UserAssigned', 'identityIds', createArray('resourceId(''Microsoft.ManagedIdentity/userAssignedIdentities'', ''id1'')'))]"; rewrite it by hand.`,
          line: 10,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'the variable named in another case, read from an outer-scope nested template',
      code: template({ variables: { computeApiVersion: '2017-12-01' }, resources: [deployment(vm('a', ids(ID1), "[variables('COMPUTEAPIVERSION')]"))] }),
      errors: [{ message: `${RAISED}${fromVariable.replace("'computeApiVersion'", "'COMPUTEAPIVERSION'")}`, fixable: true }],
      output: template({ variables: { computeApiVersion: '2018-06-01' }, resources: [deployment(vm('a', dictionary(ID1), "[variables('COMPUTEAPIVERSION')]"))] }),
    },
    {
      name: 'an inner-scope nested template: its own variable, not the outer one',
      code: template({ variables: { computeApiVersion: '2018-06-01' }, resources: [deployment(vm('a', dictionary(ID1)), { computeApiVersion: '2018-04-01' })] }),
      errors: [
        {
          message: `apiVersion 2018-04-01 of ${VM} takes user-assigned identities as an array; the dictionary userAssignedIdentities needs 2018-06-01 or later. The apiVersion comes from variable 'computeApiVersion' ("2018-04-01", line 19).`,
          fixable: true,
        },
      ],
      output: template({ variables: { computeApiVersion: '2018-06-01' }, resources: [deployment(vm('a', dictionary(ID1)), { computeApiVersion: '2018-06-01' })] }),
    },
    {
      name: "another provider's apiVersion from a variable: the variable named, nothing raised",
      code: template({
        variables: { webApiVersion: '2016-08-01' },
        resources: [{ type: 'Microsoft.Web/sites', apiVersion: "[variables('webApiVersion')]", name: 'app', location: 'westus', identity: ids(ID1) }],
      }),
      errors: [
        {
          message:
            'identity.identityIds lists user-assigned identities as an array; Microsoft.Web/sites takes the dictionary "userAssignedIdentities": {"<resource id>": {}} from apiVersion 2018-02-01 on, and apiVersion 2016-08-01 takes no user-assigned identities. ' +
            "The apiVersion comes from variable 'webApiVersion' (\"2016-08-01\", line 5). Not fixed automatically: raising another provider's apiVersion can change other properties; raise it by hand.",
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});

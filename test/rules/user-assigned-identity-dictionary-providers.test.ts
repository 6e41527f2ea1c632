import { userAssignedIdentityDictionary } from '../../rules/user-assigned-identity-dictionary';
import { runRuleTests, template } from '../support/rule-tester';

// Shapes per type and apiVersion are those of the official schemas (data/identity-support.json).
const ID1 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]";
const ID2 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id2')]";
const DICTIONARY = 'ARM expects the dictionary "userAssignedIdentities": {"<resource id>": {}}';
const OTHER_PROVIDER = "Not fixed automatically: raising another provider's apiVersion can change other properties; raise it by hand.";
const array = (key: string, tail = `${DICTIONARY}.`) => `identity.${key} lists user-assigned identities as an array; ${tail}`;
const later = (key: string, type: string, first: string, apiVersion: string, takes: string) =>
  `${array(key, `${type} takes the dictionary "userAssignedIdentities": {"<resource id>": {}} from apiVersion ${first} on, and apiVersion ${apiVersion} ${takes}.`)} ${OTHER_PROVIDER}`;
const resource = (type: string, apiVersion: string, identity: unknown) => ({ type, apiVersion, name: 'r', location: 'westus', identity, properties: {} });

const FACTORY = 'Microsoft.DataFactory/factories';
const SITES = 'Microsoft.Web/sites';
const ACI = 'Microsoft.ContainerInstance/containerGroups';
const AKS = 'Microsoft.ContainerService/managedClusters';
const STORAGE = 'Microsoft.Storage/storageAccounts';
const SQL = 'Microsoft.Sql/servers';
const APIM = 'Microsoft.ApiManagement/service';
const VM = 'Microsoft.Compute/virtualMachines';
const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';

/** An array converted in place (same type and apiVersion), the type spelled as given. */
const converted = (type: string, apiVersion: string, identityType: string, key = 'identityIds') => ({
  name: `${type} ${apiVersion}: converted, type spelled ${JSON.stringify(identityType)}`,
  code: template({ resources: [resource(type, apiVersion, { type: 'SystemAssigned', [key]: [ID1, ID2] })] }),
  errors: [{ message: array(key), fixable: true }],
  output: template({ resources: [resource(type, apiVersion, { type: identityType, userAssignedIdentities: { [ID1]: {}, [ID2]: {} } })] }),
});

runRuleTests(userAssignedIdentityDictionary, {
  valid: [
    { name: 'identityIds on a type the schemas do not describe (a retired preview provider)', code: template({ resources: [resource('Microsoft.RetiredPreview/things', '2017-01-01', { type: 'UserAssigned', identityIds: [ID1] })] }) },
    { name: 'identityIds on a version the schemas do not list (Logic workflows 2019-05-01)', code: template({ resources: [resource('Microsoft.Logic/workflows', '2019-05-01', { type: 'UserAssigned', identityIds: [ID1] })] }) },
    { name: 'Data Factory: the spaced combined type is accepted', code: template({ resources: [resource(FACTORY, '2018-06-01', { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }) },
    { name: 'Storage: the type in lower case is accepted', code: template({ resources: [resource(STORAGE, '2021-01-01', { type: 'userassigned', userAssignedIdentities: { [ID1]: {} } })] }) },
    { name: 'Web/sites 2016-08-01 with a SystemAssigned identity', code: template({ resources: [resource(SITES, '2016-08-01', { type: 'SystemAssigned' })] }) },
    { name: 'Sql servers 2015-05-01-preview: UserAssigned is in its enum', code: template({ resources: [resource(SQL, '2015-05-01-preview', { type: 'UserAssigned' })] }) },
    { name: 'a VM at 2016-03-30 with a SystemAssigned identity', code: template({ resources: [resource(VM, '2016-03-30', { type: 'SystemAssigned' })] }) },
    { name: 'a scale set at 2017-12-01 with UserAssigned and no list', code: template({ resources: [resource(VMSS, '2017-12-01', { type: 'UserAssigned' })] }) },
    { name: 'a dictionary on a type the schemas never show with user-assigned identities', code: template({ resources: [resource('Microsoft.KeyVault/vaults', '2019-09-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }) },
    {
      name: 'a list chosen by an unresolved condition is taken for a dictionary',
      code: template({
        parameters: { useA: { type: 'bool' } },
        variables: { a: { [ID1]: {} }, b: { [ID2]: {} } },
        resources: [resource(SITES, '2022-03-01', { type: 'UserAssigned', userAssignedIdentities: "[if(parameters('useA'), variables('a'), variables('b'))]" })],
      }),
    },
    { name: 'UserAssigned on a type the schemas never show with user-assigned identities', code: template({ resources: [resource('Microsoft.KeyVault/vaults', '2019-09-01', { type: 'UserAssigned' })] }) },
  ],
  invalid: [
    converted(FACTORY, '2018-06-01', 'SystemAssigned,UserAssigned'),
    converted(SITES, '2018-02-01', 'SystemAssigned, UserAssigned', 'userAssignedIdentities'),
    converted(STORAGE, '2021-01-01', 'SystemAssigned,UserAssigned'),
    converted(SQL, '2021-11-01', 'SystemAssigned,UserAssigned'),
    converted(APIM, '2019-12-01', 'SystemAssigned, UserAssigned'),
    converted(ACI, '2018-10-01', 'SystemAssigned, UserAssigned'),
    // Cdn profiles switch spelling between versions: the combined type follows the resource's own version.
    converted('Microsoft.Cdn/profiles', '2024-02-01', 'SystemAssigned, UserAssigned'),
    converted('Microsoft.Cdn/profiles', '2025-04-15', 'SystemAssigned,UserAssigned'),
    converted('Microsoft.Sql/servers/jobAgents', '2023-05-01-preview', 'SystemAssignedUserAssigned'),
    converted('Dynatrace.Observability/monitors', '2023-04-27', 'SystemAndUserAssigned'),
    {
      name: 'Web/sites 2016-08-01: reported with the first version that takes the dictionary, no fix',
      code: template({ resources: [resource(SITES, '2016-08-01', { type: 'UserAssigned', identityIds: [ID1] })] }),
      errors: [{ message: later('identityIds', SITES, '2018-02-01', '2016-08-01', 'takes no user-assigned identities'), fixable: false }],
      output: null,
    },
    {
      name: 'ContainerInstance 2018-04-01: a dictionary on a version without identity',
      code: template({ resources: [resource(ACI, '2018-04-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
      errors: [
        {
          message: `identity.userAssignedIdentities needs apiVersion 2018-10-01 or later of ${ACI}; apiVersion 2018-04-01 takes no identity. ${OTHER_PROVIDER}`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'AKS 2019-06-01: an array on a SystemAssigned-only version',
      code: template({ resources: [resource(AKS, '2019-06-01', { type: 'UserAssigned', userAssignedIdentities: [ID1] })] }),
      errors: [{ message: later('userAssignedIdentities', AKS, '2020-06-01', '2019-06-01', 'takes no user-assigned identities'), fixable: false }],
      output: null,
    },
    {
      name: 'AKS has no combined identity type: SystemAssigned with ids is not guessed',
      code: template({ resources: [resource(AKS, '2023-01-01', { type: 'SystemAssigned', identityIds: [ID1] })] }),
      errors: [
        {
          message: `${array('identityIds')} Not fixed automatically: apiVersion 2023-01-01 of ${AKS} has no identity type for system- and user-assigned identities together; choose one by hand.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'Sql servers 2019-06-01-preview: the dictionary is named from the first GA version that takes it',
      code: template({ resources: [resource(SQL, '2019-06-01-preview', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
      errors: [
        {
          message: `identity.userAssignedIdentities needs apiVersion 2021-11-01 or later of ${SQL}; apiVersion 2019-06-01-preview takes user-assigned identities without the dictionary. ${OTHER_PROVIDER}`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'Storage 2019-06-01 asks for user-assigned identities without listing them (item 3)',
      code: template({ resources: [resource(STORAGE, '2019-06-01', { type: 'SystemAssigned,UserAssigned' })] }),
      errors: [
        {
          message: `identity.type "SystemAssigned,UserAssigned" asks for user-assigned identities, which apiVersion 2019-06-01 of ${STORAGE} does not accept; the first apiVersion that accepts them is 2021-01-01. ${OTHER_PROVIDER}`,
          line: 11,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'API Management 2016-07-07 (no identity at all) asks for UserAssigned',
      code: template({ resources: [resource(APIM, '2016-07-07', { type: 'UserAssigned' })] }),
      errors: [
        {
          message: `identity.type "UserAssigned" asks for user-assigned identities, which apiVersion 2016-07-07 of ${APIM} does not accept; the first apiVersion that accepts them is 2019-12-01. ${OTHER_PROVIDER}`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'identityIds on a type that never takes user-assigned identities',
      code: template({ resources: [resource('Microsoft.KeyVault/vaults', '2019-09-01', { type: 'UserAssigned', identityIds: [ID1] })] }),
      errors: [
        {
          message: `${array('identityIds', 'no apiVersion of Microsoft.KeyVault/vaults in the official schemas takes user-assigned identities.')} Not fixed automatically: armlint knows no shape of this resource type that takes them.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'an empty identityIds is removed without adding UserAssigned',
      code: template({ resources: [resource(SITES, '2022-03-01', { type: 'SystemAssigned', identityIds: [] })] }),
      errors: [{ message: 'identity.identityIds is an empty array: it lists no user-assigned identity.', fixable: true }],
      output: template({ resources: [resource(SITES, '2022-03-01', { type: 'SystemAssigned' })] }),
    },
    {
      name: 'an empty list with UserAssigned on a version that takes none: removed, and the type reported',
      code: template({ resources: [resource(SITES, '2016-08-01', { type: 'UserAssigned', identityIds: [] })] }),
      errors: [
        {
          message: `identity.type "UserAssigned" asks for user-assigned identities, which apiVersion 2016-08-01 of ${SITES} does not accept; the first apiVersion that accepts them is 2018-02-01. ${OTHER_PROVIDER}`,
          fixable: false,
        },
        { message: 'identity.identityIds is an empty array: it lists no user-assigned identity.', fixable: true },
      ],
      output: template({ resources: [resource(SITES, '2016-08-01', { type: 'UserAssigned' })] }),
    },
    {
      name: 'an empty identityIds next to a dictionary on a 2017-12-01 VM: removed, and the VM raised',
      code: template({ resources: [resource(VM, '2017-12-01', { type: 'UserAssigned', identityIds: [], userAssignedIdentities: { [ID1]: {} } })] }),
      errors: [
        { message: `apiVersion 2017-12-01 of ${VM} takes user-assigned identities as an array; the dictionary userAssignedIdentities needs 2018-06-01 or later.`, fixable: true },
        { message: 'identity.identityIds is an empty array: it lists no user-assigned identity.', fixable: true },
      ],
      output: template({ resources: [resource(VM, '2018-06-01', { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } })] }),
    },
    {
      name: 'an empty userAssignedIdentities array is removed too',
      code: template({ resources: [resource(STORAGE, '2023-01-01', { type: 'UserAssigned', userAssignedIdentities: [] })] }),
      errors: [{ message: 'identity.userAssignedIdentities is an empty array: it lists no user-assigned identity.', fixable: true }],
      output: template({ resources: [resource(STORAGE, '2023-01-01', { type: 'UserAssigned' })] }),
    },
    {
      name: 'an empty identityIds on a 2017-12-01 VM is removed and the apiVersion kept',
      code: template({ resources: [resource(VM, '2017-12-01', { type: 'SystemAssigned', identityIds: [] })] }),
      errors: [{ message: 'identity.identityIds is an empty array: it lists no user-assigned identity.', fixable: true }],
      output: template({ resources: [resource(VM, '2017-12-01', { type: 'SystemAssigned' })] }),
    },
    {
      name: 'type None with ids: reported without a fix',
      code: template({ resources: [resource(VM, '2018-04-01', { type: 'None', identityIds: [ID1] })] }),
      errors: [
        {
          message: `${array('identityIds', `${DICTIONARY} with apiVersion 2018-06-01 or later.`)} Not fixed automatically: identity.type is "None", which assigns no identity, yet identities are listed; choose one by hand.`,
          fixable: false,
        },
      ],
      output: null,
    },
    {
      name: 'a type that names neither kind: reported without a fix',
      code: template({ resources: [resource(FACTORY, '2018-06-01', { type: 'Managed', identityIds: [ID1] })] }),
      errors: [
        {
          message: `${array('identityIds')} Not fixed automatically: identity.type "Managed" names neither SystemAssigned nor UserAssigned, so armlint cannot tell which identities are meant.`,
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});

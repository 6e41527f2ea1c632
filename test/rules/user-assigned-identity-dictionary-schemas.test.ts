/**
 * The Compute fixes checked against the official Compute schema of each
 * apiVersion (../shared/arm-schemas/<apiVersion>/Microsoft.Compute.json): the
 * identity a fix writes validates at the apiVersion it leaves, and the
 * identity.type enums agree with the table. (These schemas do not forbid
 * unknown properties, so a dictionary at an old version cannot be shown
 * invalid this way; only the enums can refuse.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixText } from '../../src/fixer/fix-text';
import { userAssignedIdentityDictionary } from '../../rules/user-assigned-identity-dictionary';
import { template } from '../support/rule-tester';
import { describeIfShared, SHARED } from '../e2e/support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AjvDraft04 = require('ajv-draft-04');

const SCHEMAS = path.join(SHARED, 'arm-schemas');
const ID = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'app')]";
const rules = [{ rule: userAssignedIdentityDictionary, severity: 'error' as const }];

const validators = new Map<string, ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message: string }> | null }>();

/** Schema errors under `/identity` of a VM or scale set at its apiVersion. */
function identityErrors(resource: { type: string; apiVersion: string }): string[] {
  const definition = resource.type.endsWith('ScaleSets') ? 'virtualMachineScaleSets' : 'virtualMachines';
  const key = `${resource.apiVersion}/${definition}`;
  if (!validators.has(key)) validators.set(key, computeValidator(resource.apiVersion, definition));
  const validate = validators.get(key)!;
  validate(resource);
  return (validate.errors ?? []).filter((e) => e.instancePath.startsWith('/identity')).map((e) => `${e.instancePath} ${e.message}`);
}

function computeValidator(apiVersion: string, definition: string) {
  const ajv = new AjvDraft04({ strict: false, allErrors: true, logger: false });
  let compute = '';
  // Compute's schema refers to the extensions' schema of the same version; the Compute file goes last.
  for (const file of ['common/definitions.json', `${apiVersion}/Microsoft.Compute.Extensions.json`, `${apiVersion}/Microsoft.Compute.json`]) {
    if (!fs.existsSync(path.join(SCHEMAS, file))) continue;
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
    compute = String(schema.id).replace(/#$/, '');
    ajv.addSchema(schema, compute);
  }
  return ajv.compile({ $ref: `${compute}#/resourceDefinitions/${definition}` });
}

const machine = (type: string, apiVersion: string, identity: unknown) => ({ type, apiVersion, name: 'm', location: 'westus', identity, properties: {} });

describeIfShared('Compute identity fixes against the official Compute schemas', SCHEMAS, () => {
  const cases: Array<[string, string, unknown]> = [
    ['Microsoft.Compute/virtualMachines', '2017-12-01', { type: 'SystemAssigned', identityIds: [ID] }],
    ['Microsoft.Compute/virtualMachineScaleSets', '2018-04-01', { type: 'UserAssigned', identityIds: [ID] }],
    ['Microsoft.Compute/virtualMachines', '2017-03-30', { type: 'UserAssigned', userAssignedIdentities: { [ID]: {} } }],
    ['Microsoft.Compute/virtualMachineScaleSets', '2016-03-30', { type: 'UserAssigned', userAssignedIdentities: { [ID]: {} } }],
    ['Microsoft.Compute/virtualMachines', '2015-06-15', { type: 'UserAssigned', identityIds: [ID] }],
  ];
  for (const [type, apiVersion, identity] of cases) {
    it(`${type} at ${apiVersion}: the fixed identity validates at the version it leaves`, () => {
      const before = machine(type, apiVersion, identity);
      const fixed = JSON.parse(fixText(template({ resources: [before] }), rules).output).resources[0];
      expect(fixed.apiVersion).toBe('2018-06-01');
      expect(fixed.identity.userAssignedIdentities).toEqual({ [ID]: {} });
      expect(identityErrors(fixed)).toEqual([]);
    });
  }

  it('SystemAssigned validates at 2016-03-30, where no-managed-identity-extension may now add it', () => {
    expect(identityErrors(machine('Microsoft.Compute/virtualMachines', '2016-03-30', { type: 'SystemAssigned' }))).toEqual([]);
    expect(identityErrors(machine('Microsoft.Compute/virtualMachineScaleSets', '2016-03-30', { type: 'SystemAssigned' }))).toEqual([]);
  });

  it('UserAssigned is refused at 2017-03-30 and accepted at 2017-12-01, as the table says', () => {
    expect(identityErrors(machine('Microsoft.Compute/virtualMachines', '2017-03-30', { type: 'UserAssigned' }))).not.toEqual([]);
    expect(identityErrors(machine('Microsoft.Compute/virtualMachines', '2017-12-01', { type: 'UserAssigned', identityIds: [ID] }))).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firstVersionAccepting, identitySupport, isKnownType, type KnownIdentitySupport } from '../../src/schema-facts/identity-support';
import { describeIfShared, ROOT, SHARED } from '../e2e/support';

const SHAPES = path.join(SHARED, 'arm-schemas', 'identity', 'identity-shapes.json');
const TABLE = path.join(ROOT, 'data', 'identity-support.json');

function known(type: string, apiVersion: string): KnownIdentitySupport {
  const support = identitySupport(type, apiVersion);
  if (!support.known) throw new Error(`${type}@${apiVersion} is ${support.reason}`);
  return support;
}

describe('identitySupport', () => {
  it('Compute: no identity before 2016-03-30, SystemAssigned until 2017-12-01, identityIds until 2018-06-01, then the dictionary', () => {
    const vm = 'Microsoft.Compute/virtualMachines';
    expect(known(vm, '2015-06-15')).toMatchObject({ acceptsIdentity: false, systemAssigned: false, userAssigned: false });
    expect(known(vm, '2016-03-30')).toMatchObject({ acceptsIdentity: true, systemAssigned: true, userAssigned: false, userAssignedShape: 'none' });
    expect(known(vm, '2017-03-30')).toMatchObject({ systemAssigned: true, userAssigned: false, userAssignedShape: 'none' });
    expect(known(vm, '2017-12-01')).toMatchObject({ userAssigned: true, userAssignedShape: 'identityIds', combinedType: 'SystemAssigned, UserAssigned' });
    expect(known(vm, '2018-04-01').userAssignedShape).toBe('identityIds');
    expect(known(vm, '2018-06-01').userAssignedShape).toBe('dictionary');
    expect(firstVersionAccepting(vm, 'systemAssigned')).toBe('2016-03-30');
    expect(firstVersionAccepting(vm, 'userAssigned')).toBe('2017-12-01');
    expect(firstVersionAccepting(vm, 'dictionary')).toBe('2018-06-01');
    expect(firstVersionAccepting('microsoft.compute/virtualmachinescalesets', 'identity', '2015-06-15')).toBe('2016-03-30');
  });

  it('the combined type is spelled per type and version', () => {
    expect(known('Microsoft.DataFactory/factories', '2018-06-01').combinedType).toBe('SystemAssigned,UserAssigned');
    expect(known('Microsoft.Web/sites', '2018-02-01').combinedType).toBe('SystemAssigned, UserAssigned');
    expect(known('Microsoft.Sql/servers/jobAgents', '2023-05-01-preview')).toMatchObject({ combinedType: 'SystemAssignedUserAssigned' });
    expect(known('Dynatrace.Observability/monitors', '2021-09-01').combinedType).toBe('SystemAndUserAssigned');
    // AKS names no combined value at any version.
    expect(known('Microsoft.ContainerService/managedClusters', '2023-01-01').combinedType).toBeUndefined();
  });

  it('Web/sites, ContainerInstance and AKS: the versions the issue names take no dictionary', () => {
    expect(known('microsoft.web/sites', '2016-08-01')).toMatchObject({ systemAssigned: true, userAssigned: false });
    expect(firstVersionAccepting('microsoft.web/sites', 'dictionary', '2016-08-01')).toBe('2018-02-01');
    expect(known('Microsoft.ContainerInstance/containerGroups', '2018-04-01').acceptsIdentity).toBe(false);
    expect(firstVersionAccepting('Microsoft.ContainerInstance/containerGroups', 'dictionary', '2018-04-01')).toBe('2018-10-01');
    expect(known('Microsoft.ContainerService/managedClusters', '2019-06-01')).toMatchObject({ systemAssigned: true, userAssigned: false });
    expect(firstVersionAccepting('Microsoft.ContainerService/managedClusters', 'dictionary', '2019-06-01')).toBe('2020-06-01');
  });

  it('a preview is named only when no GA version accepts the feature', () => {
    // ContainerInstance has 2022-10-01-preview and GA 2022-09-01 / 2023-05-01, all with the dictionary.
    expect(firstVersionAccepting('Microsoft.ContainerInstance/containerGroups', 'dictionary', '2022-09-01')).toBe('2023-05-01');
    expect(firstVersionAccepting('Microsoft.ContainerInstance/containerGroups', 'dictionary', '2025-09-01')).toBe('2026-06-01-preview');
  });

  it('unknown types and versions are unknown, not unsupported', () => {
    expect(identitySupport('Microsoft.RetiredPreview/things', '2017-01-01')).toEqual({ known: false, reason: 'unknown-type' });
    expect(isKnownType('Microsoft.RetiredPreview/things')).toBe(false);
    expect(firstVersionAccepting('Microsoft.RetiredPreview/things', 'identity')).toBeUndefined();
    // Logic workflows 2019-05-01 has an identity, but the schemas stop at 2017-07-01.
    expect(identitySupport('Microsoft.Logic/workflows', '2019-05-01')).toEqual({ known: false, reason: 'unknown-version' });
    expect(identitySupport('Microsoft.Compute/virtualMachines', undefined)).toEqual({ known: false, reason: 'unknown-version' });
    expect(identitySupport(undefined, '2018-06-01')).toEqual({ known: false, reason: 'unknown-type' });
    // A type never seen with an identity is known: its versions accept none.
    expect(known('Microsoft.KeyVault/vaults', '2019-09-01').acceptsIdentity).toBe(false);
  });

  it('looks types up case-insensitively and versions with surrounding spaces', () => {
    expect(known('MICROSOFT.WEB/SITES', ' 2018-02-01 ').apiVersion).toBe('2018-02-01');
    expect(identitySupport('constructor', '2018-02-01')).toEqual({ known: false, reason: 'unknown-type' });
  });
});

describeIfShared('data/identity-support.json against ../shared', SHAPES, () => {
  it('regenerating it gives the same bytes', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'armlint-identity-')), 'identity-support.json');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-identity-table.mjs'), SHAPES, '--out', out], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readFileSync(out).equals(fs.readFileSync(TABLE))).toBe(true);
  });

  it('answers every type/apiVersion pair of identity-shapes.json as the source says', () => {
    const source = JSON.parse(fs.readFileSync(SHAPES, 'utf8')) as {
      types: Record<string, Record<string, { identity: boolean; typeValues?: string[] | null; userAssignedIdentities?: string; identityIds?: boolean }>>;
    };
    let pairs = 0;
    for (const [type, versions] of Object.entries(source.types)) {
      for (const [apiVersion, shape] of Object.entries(versions)) {
        pairs++;
        const facts = known(type, apiVersion);
        expect({ type, apiVersion, identity: facts.acceptsIdentity }).toEqual({ type, apiVersion, identity: shape.identity });
        if (!shape.identity) continue;
        expect(facts.typeValues).toEqual(shape.typeValues);
        expect(facts.userAssignedShape).toBe(shape.identityIds ? 'identityIds' : shape.userAssignedIdentities);
      }
    }
    expect(pairs).toBe(25479);
  });
});

describe('loading (dist/, so run `npm run build` first)', () => {
  // A child process counts reads of the table while the built linter lints two templates.
  const script = `
    const fs = require('node:fs');
    const read = fs.readFileSync;
    let reads = 0;
    fs.readFileSync = function (file, ...rest) {
      if (String(file).endsWith('identity-support.json')) reads++;
      return read.call(this, file, ...rest);
    };
    const { lintText } = require('./dist/src/engine/linter');
    const { allRules } = require('./dist/rules');
    const rules = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
    const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
    const counts = [];
    lintText(JSON.stringify({ $schema: schema, resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2022-03-01', name: 'a', identity: { type: 'SystemAssigned' } }] }), rules);
    counts.push(reads);
    const identity = { type: 'UserAssigned', identityIds: ['id'] };
    for (let i = 0; i < 2; i++) lintText(JSON.stringify({ $schema: schema, resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2022-03-01', name: 'a', identity }] }), rules);
    counts.push(reads);
    process.stdout.write(JSON.stringify(counts));
  `;

  it('reads the table only when a rule asks it something, and once', () => {
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([0, 1]);
  });
});

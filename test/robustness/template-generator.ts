/**
 * Generates deployment templates for the property-based tests: resources
 * built from fragments of ../shared/corpus (VM and scale-set properties, the
 * deprecated extension's settings, network and storage resources; built-in
 * stand-ins when the corpus is absent), with planted problems, laid out with
 * a chosen indentation, line ending, BOM, comment density and key order.
 * The serializer records where every planted problem's node starts and which
 * comments stand inside (or directly above) nodes a fix removes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import fc from 'fast-check';
import { SHARED, TEMPLATE_SCHEMA, prng } from './helpers';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const TRIGGERS = /managedidentity|identityids|userassignedidentities|50342/i;
const ID1 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'one')]";
const ID2 = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'two')]";
const TOKEN_COMMAND = 'curl -s -H Metadata:true http://localhost:50342/oauth2/token?resource=https://management.azure.com/';

interface Fragments {
  vmProperties: Obj[];
  vmssProperties: Obj[];
  extensionProperties: Obj[];
  others: Obj[];
}

function loadFragments(): Fragments {
  const f: Fragments = { vmProperties: [], vmssProperties: [], extensionProperties: [], others: [] };
  const dir = path.join(SHARED, 'corpus', 'msi-history');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : [];
  const visit = (resources: unknown) => {
    if (!Array.isArray(resources)) return;
    for (const r of resources as Obj[]) {
      if (!r || typeof r !== 'object' || typeof r.type !== 'string') continue;
      const props = r.properties as Obj | undefined;
      const clean = props && typeof props === 'object' && !TRIGGERS.test(JSON.stringify(props));
      const type = r.type.toLowerCase();
      if (type === 'microsoft.compute/virtualmachines' && clean) f.vmProperties.push(props!);
      else if (type === 'microsoft.compute/virtualmachinescalesets' && props) f.vmssProperties.push(props);
      else if (type.endsWith('/extensions') && props && String(props.publisher).toLowerCase() === 'microsoft.managedidentity') f.extensionProperties.push(props);
      else if (!type.startsWith('microsoft.compute') && !type.startsWith('microsoft.resources') && !TRIGGERS.test(JSON.stringify(r))) {
        const { dependsOn: _d, resources: _r, ...rest } = r;
        f.others.push(rest);
      }
      visit(r.resources);
    }
  };
  for (const file of files) visit((parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Obj).resources);
  if (f.vmProperties.length === 0) f.vmProperties.push({ hardwareProfile: { vmSize: 'Standard_A1' }, osProfile: { computerName: 'vm', adminUsername: "[parameters('user')]" } });
  if (f.vmssProperties.length === 0) f.vmssProperties.push({ upgradePolicy: { mode: 'Manual' }, virtualMachineProfile: { osProfile: { computerNamePrefix: 'ss' } } });
  if (f.extensionProperties.length === 0) f.extensionProperties.push({ publisher: 'Microsoft.ManagedIdentity', type: 'ManagedIdentityExtensionForLinux', typeHandlerVersion: '1.0', autoUpgradeMinorVersion: true, settings: { port: 50342 } });
  if (f.others.length === 0) f.others.push({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2019-06-01', name: 'st', location: 'westus', sku: { name: 'Standard_LRS' }, kind: 'Storage', properties: {} });
  return f;
}

export const fragments = loadFragments();
export const fromCorpus = fs.existsSync(path.join(SHARED, 'corpus', 'msi-history'));

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

export type IdentityKind = 'none' | 'system' | 'identityIds' | 'dict';
export interface VmSpec { api: string; identity: IdentityKind; ext: 'none' | 'child' | 'top'; script: boolean; frag: number }
export interface VmssSpec { api: string; identity: IdentityKind; mi: boolean; script: boolean; provisionAfter: boolean; frag: number }
export interface Spec {
  seed: number;
  indent: string;
  eol: string;
  bom: boolean;
  commentRate: number;
  shuffle: boolean;
  vms: VmSpec[];
  scaleSets: VmssSpec[];
  nested: VmSpec[];
  others: number[];
  dependOnExtension: boolean;
}

const api = fc.constantFrom('2017-12-01', '2018-06-01', '2021-03-01');
const identity = fc.constantFrom<IdentityKind>('none', 'system', 'identityIds', 'dict');
const vmSpec = fc.record({ api, identity, ext: fc.constantFrom<VmSpec['ext']>('none', 'child', 'top'), script: fc.boolean(), frag: fc.nat() });
export const specArbitrary: fc.Arbitrary<Spec> = fc.record({
  seed: fc.integer(),
  indent: fc.constantFrom('\t', '  ', '    '),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  commentRate: fc.constantFrom(0, 0.2, 0.5),
  shuffle: fc.boolean(),
  vms: fc.array(vmSpec, { maxLength: 3 }),
  scaleSets: fc.array(fc.record({ api, identity, mi: fc.boolean(), script: fc.boolean(), provisionAfter: fc.boolean(), frag: fc.nat() }), { maxLength: 2 }),
  nested: fc.array(vmSpec, { maxLength: 1 }),
  others: fc.array(fc.nat(), { maxLength: 3 }),
  dependOnExtension: fc.boolean(),
});

/** What the serializer must record: planted problems (by rule) and nodes that fixes remove. */
class Plan {
  nodes = new Map<object, string>(); // object → label: its `{`
  keys = new Map<object, Map<string, string>>(); // property key's `"`
  values = new Map<object, Map<string, string>>(); // property value's first character
  removed = new Set<object>();
  removedElements = new Map<object, Set<number>>();
  /** Properties the fix removes whole (a list it empties goes with its key). */
  removedKeys = new Map<object, Set<string>>();
  at(map: Map<object, Map<string, string>>, obj: object, key: string, label: string): void {
    if (!map.has(obj)) map.set(obj, new Map());
    map.get(obj)!.set(key, label);
  }
}

const EXT = 'no-managed-identity-extension';
const UAID = 'user-assigned-identity-dictionary';
const IMDS = 'imds-token-endpoint';

function identityBlock(kind: IdentityKind, resource: Obj, plan: Plan, name: string): void {
  if (kind === 'none') return;
  if (kind === 'system') resource.identity = { type: 'SystemAssigned' };
  if (kind === 'identityIds') {
    const id: Obj = { type: 'UserAssigned', identityIds: [ID1, ID2] };
    resource.identity = id;
    plan.at(plan.keys, id, 'identityIds', `${UAID}@${name}.identity.identityIds`);
  }
  if (kind === 'dict') {
    resource.identity = { type: 'UserAssigned', userAssignedIdentities: { [ID1]: {} } };
    if (String(resource.apiVersion) < '2018-06-01') plan.at(plan.values, resource, 'apiVersion', `${UAID}@${name}.apiVersion`);
  }
}

function miExtension(spec: { frag: number }, plan: Plan, label: string, fields: Obj): Obj {
  const props = clone(fragments.extensionProperties[spec.frag % fragments.extensionProperties.length]);
  props.publisher = 'Microsoft.ManagedIdentity';
  props.type = 'ManagedIdentityExtensionForLinux';
  const ext: Obj = { ...fields, properties: props };
  plan.nodes.set(ext, `${EXT}@${label}`);
  plan.removed.add(ext);
  return ext;
}

function scriptProperties(plan: Plan, label: string): Obj {
  const settings: Obj = { commandToExecute: TOKEN_COMMAND };
  plan.at(plan.values, settings, 'commandToExecute', `${IMDS}@${label}`);
  return { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.0', settings };
}

function buildVm(spec: VmSpec, name: string, plan: Plan, topLevel: Obj[]): Obj {
  const vm: Obj = { type: 'Microsoft.Compute/virtualMachines', apiVersion: spec.api, name, location: 'westus' };
  identityBlock(spec.identity, vm, plan, name);
  vm.properties = clone(fragments.vmProperties[spec.frag % fragments.vmProperties.length]);
  const children: Json[] = [];
  if (spec.ext === 'child') {
    children.push(miExtension(spec, plan, `${name}/child`, { type: 'extensions', apiVersion: '2018-06-01', name: 'ManagedIdentityExtensionForLinux', location: 'westus', dependsOn: [name] }));
  }
  if (spec.ext === 'top') {
    topLevel.push(miExtension(spec, plan, `${name}/top`, {
      type: 'Microsoft.Compute/virtualMachines/extensions',
      apiVersion: '2018-06-01',
      name: `${name}/ManagedIdentityExtensionForLinux`,
      location: 'westus',
      dependsOn: [`[resourceId('Microsoft.Compute/virtualMachines', '${name}')]`],
    }));
  }
  if (spec.script) children.push({ type: 'extensions', apiVersion: '2018-06-01', name: 'script', location: 'westus', dependsOn: [name], properties: scriptProperties(plan, `${name}/script`) });
  if (children.length > 0) vm.resources = children;
  if (spec.ext === 'child' && !spec.script) plan.removedKeys.set(vm, new Set(['resources']));
  return vm;
}

export interface Generated {
  value: Obj;
  plan: Plan;
}

export function generate(spec: Spec): Generated {
  const plan = new Plan();
  const resources: Obj[] = [];
  const extensionsToDependOn: string[] = [];
  spec.vms.forEach((vm, i) => {
    const topLevel: Obj[] = [];
    resources.push(buildVm(vm, `vm${i}`, plan, topLevel), ...topLevel);
    if (vm.ext === 'top') extensionsToDependOn.push(`[resourceId('Microsoft.Compute/virtualMachines/extensions', 'vm${i}', 'ManagedIdentityExtensionForLinux')]`);
  });
  spec.scaleSets.forEach((s, i) => {
    const name = `ss${i}`;
    const set: Obj = { type: 'Microsoft.Compute/virtualMachineScaleSets', apiVersion: s.api, name, location: 'westus', sku: { name: 'Standard_A1', capacity: 2 } };
    identityBlock(s.identity, set, plan, name);
    const props = clone(fragments.vmssProperties[s.frag % fragments.vmssProperties.length]);
    const profile = (props.virtualMachineProfile && typeof props.virtualMachineProfile === 'object' ? props.virtualMachineProfile : (props.virtualMachineProfile = {})) as Obj;
    const entries: Json[] = [];
    if (s.mi) entries.push(miExtension(s, plan, `${name}/profile`, { name: 'msi' }));
    if (s.script) {
      const properties = scriptProperties(plan, `${name}/profile-script`);
      if (s.provisionAfter && s.mi) {
        properties.provisionAfterExtensions = ['msi'];
        plan.removedKeys.set(properties, new Set(['provisionAfterExtensions']));
      }
      entries.push({ name: 'script', properties });
    }
    profile.extensionProfile = { extensions: entries };
    set.properties = props;
    resources.push(set);
  });
  spec.nested.forEach((vm, i) => {
    const inner: Obj[] = [];
    const nestedVm = buildVm({ ...vm, ext: vm.ext === 'top' ? 'child' : vm.ext }, `nvm${i}`, plan, inner);
    resources.push({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2019-10-01',
      name: `nested${i}`,
      properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, template: { $schema: TEMPLATE_SCHEMA, contentVersion: '1.0.0.0', resources: [nestedVm, ...inner] } },
    });
  });
  spec.others.forEach((n, i) => {
    const other = clone(fragments.others[n % fragments.others.length]);
    other.name = `res${i}`;
    if (spec.dependOnExtension && extensionsToDependOn.length > 0 && i === 0) {
      const dependsOn: Json[] = [...extensionsToDependOn, "[resourceId('Microsoft.Network/virtualNetworks', 'kept')]"];
      other.dependsOn = dependsOn;
      plan.removedElements.set(dependsOn, new Set(extensionsToDependOn.map((_, k) => k)));
    }
    resources.push(other);
  });
  return { value: { $schema: TEMPLATE_SCHEMA, contentVersion: '1.0.0.0', parameters: {}, variables: {}, resources }, plan };
}

export interface Serialized {
  text: string;
  /** label → offset of the planted problem's node. */
  planted: Map<string, number>;
  comments: Array<{ text: string; removable: boolean }>;
}

/** JSON text laid out as the spec says, recording planted offsets and comments. */
export function serialize(generated: Generated, spec: Spec): Serialized {
  const random = prng(spec.seed);
  const { plan } = generated;
  const parts: string[] = [];
  let length = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const planted = new Map<string, number>();
  const comments: Serialized['comments'] = [];
  const pad = (depth: number) => spec.indent.repeat(depth);
  const comment = (depth: number, removable: boolean) => {
    if (random() >= spec.commentRate) return;
    const id = `c${comments.length}x`;
    const text = random() < 0.5 ? `// ${id}` : `/* ${id} */`;
    comments.push({ text: id, removable });
    push(`${pad(depth)}${text}${spec.eol}`);
  };
  const write = (value: Json, depth: number, removed: boolean): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) return push('[]');
      push('[');
      const gone = plan.removedElements.get(value);
      value.forEach((element, i) => {
        const elementRemoved = removed || (gone?.has(i) ?? false) || (typeof element === 'object' && element !== null && plan.removed.has(element));
        push(spec.eol);
        comment(depth + 1, elementRemoved);
        push(pad(depth + 1));
        write(element, depth + 1, elementRemoved);
        if (i < value.length - 1) push(',');
      });
      return push(`${spec.eol}${pad(depth)}]`);
    }
    if (value !== null && typeof value === 'object') {
      const label = plan.nodes.get(value);
      if (label) planted.set(label, length);
      let keys = Object.keys(value);
      if (keys.length === 0) return push('{}');
      if (spec.shuffle) keys = keys.map((k) => [random(), k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
      push('{');
      keys.forEach((key, i) => {
        const keyRemoved = removed || (plan.removedKeys.get(value)?.has(key) ?? false);
        push(spec.eol);
        comment(depth + 1, keyRemoved);
        push(pad(depth + 1));
        const keyLabel = plan.keys.get(value)?.get(key);
        if (keyLabel) planted.set(keyLabel, length);
        push(`${JSON.stringify(key)}: `);
        const valueLabel = plan.values.get(value)?.get(key);
        // imds-token-endpoint findings start at the URL inside the command, not at the string.
        if (valueLabel) planted.set(valueLabel, valueLabel.startsWith(IMDS) ? length + 1 + TOKEN_COMMAND.indexOf('http://') : length);
        write(value[key], depth + 1, keyRemoved);
        if (i < keys.length - 1) push(',');
      });
      return push(`${spec.eol}${pad(depth)}}`);
    }
    push(JSON.stringify(value));
  };
  if (spec.bom) push('\ufeff');
  write(generated.value, 0, false);
  push(spec.eol);
  return { text: parts.join(''), planted, comments };
}

/**
 * The verification gate holds for every fix of no-managed-identity-extension
 * over generated templates that combine the reference forms: VMs with or
 * without an identity (none, `{}`, system, user), conditional twins, the
 * extension top-level or as a child, dependents naming it by short name,
 * full name or resourceId(), outputs reading it, scale sets with profile
 * entries and provisionAfterExtensions, nested deployments (inner/outer,
 * another resource group), languageVersion 2.0. Each finding's own fix must
 * pass verifyFix (the rule's fixes are complete, the gate never has to step
 * in), and `--fix` as a whole must give a template that verifies against the
 * input.
 */
import fc from 'fast-check';
import { lintText } from '../../src/engine/linter';
import { applyFixes } from '../../src/fixer/apply-fixes';
import { fixText } from '../../src/fixer/fix-text';
import { verifyFix } from '../../src/fixer/verify-fix';
import { noManagedIdentityExtension } from '../../rules/no-managed-identity-extension';
import { template } from '../support/rule-tester';
import { customScript, msiProperties } from '../support/msi-template-parts';
import { seedFor } from './helpers';

const RULES = [{ rule: noManagedIdentityExtension, severity: 'error' as const }];
const RUNS = Number(process.env.ARMLINT_PROPERTY_RUNS ?? 150);

const identities = [null, {}, { type: 'SystemAssigned' }, { type: 'UserAssigned', userAssignedIdentities: {} }, { type: 'None' }];
type DependentForm = 'none' | 'short' | 'full' | 'resourceId' | 'loop';

interface VmSpec {
  identity: number;
  twin: boolean;
  child: boolean;
  extension: boolean;
  extensionDependsOn: boolean;
  dependent: DependentForm;
  /** The dependent also waits for the VM itself. */
  dependentOnVm: boolean;
  output: boolean;
}
interface Spec {
  vms: VmSpec[];
  scaleSet: { present: boolean; topLevel: boolean; waiting: boolean; identity: number };
  nesting: 'none' | 'outer' | 'inner' | 'otherGroup';
  symbolic: boolean;
}

const vmSpec: fc.Arbitrary<VmSpec> = fc.record({
  identity: fc.integer({ min: 0, max: identities.length - 1 }),
  twin: fc.boolean(),
  child: fc.boolean(),
  extension: fc.boolean(),
  extensionDependsOn: fc.boolean(),
  dependent: fc.constantFrom<DependentForm>('none', 'short', 'full', 'resourceId', 'loop'),
  dependentOnVm: fc.boolean(),
  output: fc.boolean(),
});
const specArbitrary: fc.Arbitrary<Spec> = fc.record({
  vms: fc.array(vmSpec, { minLength: 1, maxLength: 3 }),
  scaleSet: fc.record({ present: fc.boolean(), topLevel: fc.boolean(), waiting: fc.boolean(), identity: fc.integer({ min: 0, max: identities.length - 1 }) }),
  nesting: fc.constantFrom<Spec['nesting']>('none', 'outer', 'inner', 'otherGroup'),
  symbolic: fc.boolean(),
});

const msi = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name,
  location: 'westus',
  ...extra,
  properties: msiProperties(),
});

/** Resources (and outputs) of one template built from the spec; every name is unique per VM so only the chosen forms collide. */
function resourcesOf(spec: Spec): { resources: Array<[string, unknown]>; outputs: Record<string, unknown> } {
  const resources: Array<[string, unknown]> = [];
  const outputs: Record<string, unknown> = {};
  spec.vms.forEach((v, i) => {
    const name = `vm${i}`;
    const identity = identities[v.identity];
    const vm = (condition?: string) => ({
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2018-06-01',
      name,
      location: 'westus',
      ...(condition ? { condition } : {}),
      ...(identity ? { identity } : {}),
      properties: {},
      ...(v.extension && v.child ? { resources: [{ ...msi(`msi${i}`), type: 'extensions' }] } : {}),
    });
    resources.push([name, vm(v.twin ? "[equals(parameters('os'), 'Linux')]" : undefined)]);
    if (v.twin) resources.push([`${name}Windows`, vm("[equals(parameters('os'), 'Windows')]")]);
    if (!v.extension) return;
    if (!v.child) {
      const dependsOn = v.extensionDependsOn ? [spec.symbolic ? name : `[resourceId('Microsoft.Compute/virtualMachines', '${name}')]`] : undefined;
      resources.push([`msi${i}`, msi(`${name}/msi${i}`, { ...(dependsOn ? { dependsOn } : {}), ...(v.dependent === 'loop' ? { copy: { name: `msiLoop${i}`, count: 1 } } : {}) })]);
    }
    const entry = { none: undefined, short: `msi${i}`, full: `${name}/msi${i}`, resourceId: `[resourceId('Microsoft.Compute/virtualMachines/extensions', '${name}', 'msi${i}')]`, loop: v.child ? undefined : `msiLoop${i}` }[v.dependent];
    if (entry) {
      resources.push([`script${i}`, { type: 'Microsoft.Compute/virtualMachines/extensions', apiVersion: '2018-06-01', name: `${name}/script${i}`, location: 'westus', dependsOn: [...(v.dependentOnVm ? [spec.symbolic ? name : `[resourceId('Microsoft.Compute/virtualMachines', '${name}')]`] : []), spec.symbolic && !v.child ? `msi${i}` : entry], properties: customScript }]);
    }
    if (v.output) {
      outputs[`state${i}`] = { type: 'string', value: `[reference(resourceId('Microsoft.Compute/virtualMachines/extensions', '${name}', 'msi${i}'), '2018-06-01').provisioningState]` };
    }
  });
  const s = spec.scaleSet;
  if (s.present) {
    const identity = identities[s.identity];
    const waiting = s.waiting ? { provisionAfterExtensions: ['ssMsi'] } : {};
    const profile = s.topLevel ? [{ name: 'script', properties: { ...customScript, ...waiting } }] : [{ name: 'ssMsi', properties: msiProperties() }, { name: 'script', properties: { ...customScript, ...waiting } }];
    resources.push(['ss', { type: 'Microsoft.Compute/virtualMachineScaleSets', apiVersion: '2018-06-01', name: 'ss', location: 'westus', ...(identity ? { identity } : {}), properties: { virtualMachineProfile: { extensionProfile: { extensions: profile } } } }]);
    if (s.topLevel) resources.push(['ssMsi', { type: 'Microsoft.Compute/virtualMachineScaleSets/extensions', apiVersion: '2018-06-01', name: 'ss/ssMsi', properties: msiProperties() }]);
  }
  return { resources, outputs };
}

function generate(spec: Spec): string {
  const { resources, outputs } = resourcesOf(spec);
  const sections = {
    ...(spec.symbolic ? { languageVersion: '2.0' } : {}),
    parameters: { os: { type: 'string', defaultValue: 'Linux' } },
    resources: spec.symbolic ? Object.fromEntries(resources) : resources.map(([, r]) => r),
    outputs,
  };
  if (spec.nesting === 'none') return template(sections);
  const { $schema: _schema, ...inner } = JSON.parse(template(sections)) as Record<string, unknown>;
  return template({
    parameters: { os: { type: 'string', defaultValue: 'Linux' } },
    resources: [
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2021-04-01',
        name: 'nested',
        ...(spec.nesting === 'otherGroup' ? { resourceGroup: 'rg-dr' } : {}),
        properties: {
          mode: 'Incremental',
          ...(spec.nesting === 'inner' ? { expressionEvaluationOptions: { scope: 'inner' }, parameters: { os: { value: 'Windows' } } } : {}),
          template: { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', ...inner },
        },
      },
    ],
  });
}

function checkGate(spec: Spec): void {
  const text = generate(spec);
  const lint = lintText(text, RULES);
  expect(lint.internalError).toBeFalsy();
  for (const finding of lint.findings.filter((f) => f.fix)) {
    const verdict = verifyFix(text, applyFixes(text, [finding.fix!]).text);
    expect({ finding: finding.message, problems: verdict.ok ? [] : verdict.problems }).toEqual({ finding: finding.message, problems: [] });
  }
  const fixed = fixText(text, RULES);
  expect(fixed.findings.filter((f) => /failed verification/.test(f.message)).map((f) => f.message)).toEqual([]);
  const whole = verifyFix(text, fixed.output);
  expect(whole.ok ? [] : whole.problems).toEqual([]);
}

test(`generated templates combining the reference forms: every fix passes the gate (${RUNS} runs)`, () => {
  const seed = seedFor('gate properties', 909);
  fc.assert(fc.property(specArbitrary, (spec) => checkGate(spec)), { numRuns: RUNS, seed });
});

test('the generator does produce fixable findings and findings without a fix', () => {
  const specs = fc.sample(specArbitrary, { numRuns: 60, seed: 909 });
  const findings = specs.flatMap((spec) => lintText(generate(spec), RULES).findings);
  expect(findings.filter((f) => f.fix).length).toBeGreaterThan(20);
  expect(findings.filter((f) => !f.fix).length).toBeGreaterThan(5);
});

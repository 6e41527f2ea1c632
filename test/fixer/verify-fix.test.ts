import type { RuleModule } from '../../src/engine/types';
import { fixText, lintTextVerified } from '../../src/fixer/fix-text';
import { templateGraph, verifyFix } from '../../src/fixer/verify-fix';
import { template } from '../support/rule-tester';
import { msiProperties } from '../support/msi-template-parts';

const vm = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2018-06-01',
  name,
  location: 'westus',
  ...extra,
  properties: {},
});
const extension = (name: string, properties: Record<string, unknown> = msiProperties()) => ({
  type: 'Microsoft.Compute/virtualMachines/extensions',
  apiVersion: '2018-06-01',
  name,
  dependsOn: [`[resourceId('Microsoft.Compute/virtualMachines', '${name.split('/')[0]}')]`],
  properties,
});
const script = (dependsOn: string[]) => ({ ...extension('vm1/script', { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript' }), dependsOn });
const identity = { type: 'SystemAssigned' };

const problemsOf = (before: string, after: string) => {
  const verdict = verifyFix(before, after);
  return verdict.ok ? [] : verdict.problems;
};

describe('verifyFix', () => {
  it('accepts a fix that removes the extension, rewires its dependent and keeps the identity', () => {
    const before = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), script(['vm1/msi'])] });
    const after = template({ resources: [vm('vm1', { identity }), script(["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"])] });
    expect(problemsOf(before, after)).toEqual([]);
  });

  it('refuses a dependsOn entry left naming the removed extension', () => {
    const before = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), script(['vm1/msi'])] });
    const after = template({ resources: [vm('vm1', { identity }), script(['vm1/msi'])] });
    expect(problemsOf(before, after)).toEqual(['the dependsOn entry "vm1/msi" names a resource the fix removed']);
  });

  it('refuses a new entry that names nothing declared', () => {
    const before = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), script(['vm1/msi'])] });
    const after = template({ resources: [vm('vm1', { identity }), script(['vm2'])] });
    expect(problemsOf(before, after)).toEqual(['the dependsOn entry "vm2" names nothing this template declares']);
  });

  it('refuses a reference that resolved to one of two same-named resources and now names the other', () => {
    const child = (properties: Record<string, unknown>) => ({ type: 'extensions', apiVersion: '2018-06-01', name: 'msi', properties });
    const before = template({
      resources: [vm('vmA', { identity, resources: [child(msiProperties())] }), vm('vmB', { identity, resources: [child({ publisher: 'Contoso' })] }), script(['msi'])],
    });
    const after = template({ resources: [vm('vmA', { identity }), vm('vmB', { identity, resources: [child({ publisher: 'Contoso' })] }), script(['msi'])] });
    expect(problemsOf(before, after)).toEqual(['the dependsOn entry "msi" now names a different resource']);
  });

  it('refuses a VM that lost the extension without getting an identity, on every conditional declaration', () => {
    const before = template({
      resources: [vm('vm1', { condition: true, identity }), vm('vm1', { condition: false }), extension('vm1/msi')],
    });
    const after = template({ resources: [vm('vm1', { condition: true, identity }), vm('vm1', { condition: false })] });
    expect(problemsOf(before, after)).toEqual(["VM 'vm1' (one of its conditional declarations) would have no system- or user-assigned identity"]);
  });

  it('refuses "identity": {} as the identity of a VM that lost the extension', () => {
    const before = template({ resources: [vm('vm1', { identity: {} }), extension('vm1/msi')] });
    const after = template({ resources: [vm('vm1', { identity: {} })] });
    expect(problemsOf(before, after)).toEqual(["VM 'vm1' would have no system- or user-assigned identity"]);
  });

  it('refuses a scale set that lost an extension spliced in from a variable without getting an identity', () => {
    const scaleSet = (extensions: string, extra: Record<string, unknown> = {}) => ({
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      apiVersion: '2018-06-01',
      name: 'ss',
      ...extra,
      properties: { virtualMachineProfile: { extensionProfile: { extensions } } },
    });
    const variables = { msi: { name: 'msi', properties: msiProperties() }, cse: { name: 'cse', properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript' } } };
    const before = template({ variables, resources: [scaleSet("[createArray(variables('msi'), variables('cse'))]")] });
    const withoutIdentity = template({ variables, resources: [scaleSet("[createArray(variables('cse'))]")] });
    const withIdentity = template({ variables, resources: [scaleSet("[createArray(variables('cse'))]", { identity })] });
    expect(problemsOf(before, withoutIdentity)).toEqual(["scale set 'ss' would have no system- or user-assigned identity"]);
    expect(problemsOf(before, withIdentity)).toEqual([]);
  });

  it('refuses taking away the identity of a VM that had one, with no extension involved', () => {
    const before = template({ resources: [vm('vm1', { identity })] });
    const after = template({ resources: [vm('vm1', { identity: { type: 'None' } })] });
    expect(problemsOf(before, after)).toEqual(["VM 'vm1' would have no system- or user-assigned identity"]);
  });

  it('accepts a VM that had no identity and keeps none when it loses no extension', () => {
    const before = template({ resources: [vm('vm1'), extension('vm1/msi'), vm('vm2')] });
    const after = template({ resources: [vm('vm1', { identity }), vm('vm2')] });
    expect(problemsOf(before, after)).toEqual([]);
  });

  it('judges with a side it read before exactly as with a fresh parse (a pass\'s result is the next pass\'s "before")', () => {
    const first = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), script(['vm1/msi'])] });
    const second = template({ resources: [vm('vm1', { identity }), script(["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"])] });
    const broken = [
      template({ resources: [vm('vm1'), script(["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]"])] }),
      template({ resources: [vm('vm1', { identity }), script(['vm1/msi'])] }),
      template({ resources: [vm('vm1', { identity }), script(['vm2'])] }),
    ];
    const before = templateGraph(first)!;
    const kept = verifyFix(before, second);
    expect(kept.ok).toBe(true);
    const next = kept.ok ? kept.fixed : templateGraph(second)!;
    const verdict = (v: ReturnType<typeof verifyFix>) => (v.ok ? 'ok' : v.problems);
    for (const after of [...broken, second, ...broken]) {
      expect(verdict(verifyFix(before, after))).toEqual(verdict(verifyFix(first, after)));
      expect(verdict(verifyFix(next, after))).toEqual(verdict(verifyFix(second, after)));
      expect(verdict(verifyFix(next, templateGraph(after) ?? after))).toEqual(verdict(verifyFix(second, after)));
    }
    expect(broken.map((after) => verdict(verifyFix(before, after)))).toEqual([
      ["VM 'vm1' would have no system- or user-assigned identity"],
      ['the dependsOn entry "vm1/msi" names a resource the fix removed'],
      ['the dependsOn entry "vm2" names nothing this template declares'],
    ]);
  });

  it('refuses an identity added to an existing resource', () => {
    const existing = { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2018-06-01', name: 'vm1', existing: true };
    const before = template({ languageVersion: '2.0', resources: { vm: existing, msi: extension('vm1/msi') } });
    const after = template({ languageVersion: '2.0', resources: { vm: { ...existing, identity } } });
    expect(problemsOf(before, after)).toEqual(["an identity was added to VM 'vm1', which this template does not deploy where it claims"]);
  });

  it("refuses removing an inner template's output that the enclosing template reads", () => {
    const nested = (outputs: Record<string, unknown>) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2021-04-01',
      name: 'inner',
      properties: { mode: 'Incremental', template: { resources: [], outputs } },
    });
    const outer = { state: { type: 'string', value: "[reference('inner').outputs.msiState.value]" } };
    const before = template({ resources: [nested({ msiState: { type: 'string', value: 'x' } })], outputs: outer });
    const after = template({ resources: [nested({})], outputs: outer });
    expect(problemsOf(before, after)).toEqual([
      `the expression "[reference('inner').outputs.msiState.value]" reads output 'msistate', which the fix removed`,
    ]);
  });

  it('refuses a result that is not a template', () => {
    expect(problemsOf(template({ resources: [] }), '{')).toEqual(['the result is not a parseable deployment template']);
  });
});

/** A deliberately careless rule: deletes every extension resource and nothing else. */
const careless: RuleModule = {
  meta: { id: 'careless', description: 'test rule', docs: '', severity: 'error', fixable: true, triggers: [] },
  create(context) {
    return {
      resource(resource) {
        if (!resource.type?.toLowerCase().endsWith('/extensions') || resource.name !== 'vm1/msi') return;
        context.report({ node: resource.node, message: 'Extension. --fix: deletes it.', fix: (edits) => edits.removeListItems([resource.declaration]) });
      },
    };
  },
};

describe('the gate in fixText', () => {
  it('refuses a fix that leaves a dangling dependsOn: nothing written, the finding stays and says why', () => {
    const code = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), script(['vm1/msi'])] });
    const outcome = fixText(code, [{ rule: careless, severity: 'error' }]);
    expect(outcome.output).toBe(code);
    expect(outcome.fixed).toBe(0);
    expect(outcome.internalError).toBeFalsy();
    expect(outcome.findings.map((f) => [f.message, f.fix])).toEqual([
      [
        'Extension. Not fixed automatically: the fixed template failed verification (the dependsOn entry "vm1/msi" names a resource the fix removed).',
        undefined,
      ],
    ]);
  });

  it('applies the fixes it accepts and refuses only the others', () => {
    const code = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), vm('vm2', { identity }), extension('vm2/msi')] });
    const both: RuleModule = {
      ...careless,
      create(context) {
        return {
          resource(resource) {
            if (!String(resource.name).endsWith('/msi')) return;
            context.report({ node: resource.node, message: `Extension ${String(resource.name)}. --fix: deletes it.`, fix: (edits) => edits.removeListItems([resource.declaration]) });
          },
        };
      },
    };
    const withDependent = code.replace('"resources": [', `"resources": [${JSON.stringify(script(['vm2/msi']))},`);
    const outcome = fixText(withDependent, [{ rule: both, severity: 'error' }]);
    expect(outcome.fixed).toBe(1);
    expect(outcome.output).not.toContain('"vm1/msi"');
    expect(outcome.output).toContain('"vm2/msi"');
    expect(outcome.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Extension vm2\/msi\. Not fixed automatically: the fixed template failed verification \(the dependsOn entry "vm2\/msi" names a resource the fix removed\)\.$/),
    ]);
  });
});

describe('the gate on the fixes reports carry (lintTextVerified)', () => {
  it('offers no fix the gate refuses, with the same message --fix leaves', () => {
    const code = template({ resources: [vm('vm1', { identity }), extension('vm1/msi'), script(['vm1/msi'])] });
    const rules = [{ rule: careless, severity: 'error' as const }];
    const linted = lintTextVerified(code, rules);
    expect(linted.findings.map((f) => [f.message, f.fix])).toEqual(fixText(code, rules).findings.map((f) => [f.message, f.fix]));
    expect(linted.findings[0].fix).toBeUndefined();
  });

  it('keeps every fix the gate accepts', () => {
    const code = template({ resources: [vm('vm1', { identity }), extension('vm1/msi')] });
    const rules = [{ rule: careless, severity: 'error' as const }];
    expect(lintTextVerified(code, rules).findings.map((f) => [f.message, f.fix !== undefined])).toEqual([['Extension. --fix: deletes it.', true]]);
  });
});

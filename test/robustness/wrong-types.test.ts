/**
 * Issue 6, behaviour 1: wrong-typed nodes never crash a rule and never
 * produce a false finding. Every node of a template that exercises every
 * rule and placement is replaced, in turn, by a value of each other JSON
 * type; the result is linted and fixed in-process through every rule.
 */
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';
import { lintText } from '../../src/engine/linter';
import { fixText } from '../../src/fixer/fix-text';
import { parseLenientJson } from '../../src/parsing/parse-jsonc';
import { BASE } from './base-template';
import { RULES, armlint, expectNoStackTrace, jsonReport, makeTempDir, removeDir, writeFiles } from './helpers';

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
const kindOf = (v: unknown): Kind => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as Kind));
/** Replacement values, each carrying rule trigger words so that every rule stays active. */
const REPLACEMENTS: Record<Kind, unknown> = {
  string: 'ManagedIdentityExtensionForLinux identityIds 50342',
  number: 50342,
  boolean: true,
  null: null,
  object: { note: 'ManagedIdentity' },
  array: ['Microsoft.ManagedIdentity', 1, null],
};

/** Every path into a value (objects' keys and arrays' indexes), the root excluded. */
function paths(value: unknown, prefix: JSONPath = []): JSONPath[] {
  const out: JSONPath[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...prefix, i], ...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...paths(v, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: JSONPath, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root));
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step];
  node[path[path.length - 1]] = value;
  return copy;
}

function getAt(root: unknown, path: JSONPath): unknown {
  return path.reduce<any>((node, step) => node[step], root);
}

/** Findings per rule id. */
function counts(findings: Array<{ ruleId: string | null }>): Map<string | null, number> {
  const map = new Map<string | null, number>();
  for (const f of findings) map.set(f.ruleId, (map.get(f.ruleId) ?? 0) + 1);
  return map;
}

/**
 * A wrong type that turns a node into exactly the preview-era form a rule
 * exists to find is a true finding: `userAssignedIdentities` as an array.
 */
function expectedNewFinding(path: JSONPath, kind: Kind): boolean {
  return path[path.length - 1] === 'userAssignedIdentities' && kind === 'array';
}

const baseText = JSON.stringify(BASE, null, 2);
const baseOutcome = lintText(baseText, RULES);
const baseCounts = counts(baseOutcome.findings);

test('the base template exercises every rule', () => {
  expect(baseOutcome.internalError).toBeFalsy();
  expect([...baseCounts.keys()].sort()).toEqual(RULES.map((r) => r.rule.meta.id).sort());
  expect(fixText(baseText, RULES).internalError).toBeFalsy();
});

const cases: Array<[string, JSONPath, Kind]> = [];
for (const path of paths(BASE)) {
  for (const kind of Object.keys(REPLACEMENTS) as Kind[]) {
    if (kind !== kindOf(getAt(BASE, path))) cases.push([path.join('.'), path, kind]);
  }
}

describe.each(cases)('%s as %s', (_name, path, kind) => {
  const text = JSON.stringify(setAt(BASE, path, REPLACEMENTS[kind]), null, 2);

  test('no crash, no false finding, a safe fix', () => {
    const outcome = lintText(text, RULES);
    expect(outcome.findings.filter((f) => f.fatal)).toEqual([]);
    expect(outcome.internalError).toBeFalsy();
    // No finding inside the wrong-typed node.
    const node = findNodeAtLocation(parseTree(text)!, path)!;
    const inside = outcome.findings.filter((f) => f.offset >= node.offset && f.offset < node.offset + node.length);
    if (!expectedNewFinding(path, kind)) expect(inside.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // No rule finds more than it did with the right type.
    const after = counts(outcome.findings);
    for (const [ruleId, n] of after) {
      if (expectedNewFinding(path, kind)) continue;
      expect({ ruleId, n: Math.min(n, baseCounts.get(ruleId) ?? 0) }).toEqual({ ruleId, n });
    }
    const fixed = fixText(text, RULES);
    expect(fixed.findings.filter((f) => f.fatal).map((f) => f.message)).toEqual([]);
    expect(fixed.internalError).toBeFalsy();
    expect(parseLenientJson(fixed.output).problems).toEqual([]);
    expect(fixText(fixed.output, RULES).output).toBe(fixed.output);
  });
});

test('through the CLI: a wrong-typed sample is linted and fixed with no internal error', () => {
  const dir = makeTempDir('armlint-wrong-types-');
  try {
    const files: Record<string, string> = {};
    cases.forEach(([name, path, kind], i) => {
      if (i % 25 === 0) files[`case-${i}-${name.replace(/[^\w.-]/g, '_').slice(0, 60)}-${kind}.json`] = JSON.stringify(setAt(BASE, path, REPLACEMENTS[kind]), null, 2);
    });
    writeFiles(dir, files);
    const run = armlint(['--fix', '--format', 'json', dir]);
    expectNoStackTrace(run);
    expect(run.status).not.toBe(2);
    const reports = jsonReport(run.stdout);
    // Only a non-string $schema makes the file something other than a template.
    const templates = Object.values(files).filter((t) => lintText(t, RULES).isTemplate);
    expect(templates.length).toBeGreaterThanOrEqual(Object.keys(files).length - 1);
    expect(reports).toHaveLength(templates.length);
    expect(reports.flatMap((r) => r.messages.filter((m) => m.fatal))).toEqual([]);
  } finally {
    removeDir(dir);
  }
});

/**
 * When the VM's `identity` has the wrong type (null, a string, a number, an
 * array), removing the extension would leave the VM with no valid identity:
 * no-managed-identity-extension withholds the fix ("Not fixed automatically").
 */
test.each([['null', null], ['string', 'SystemAssigned'], ['array', ['SystemAssigned']]])(
  'a VM whose identity is %s does not lose its extension without getting an identity object',
  (_kind, identity) => {
    const text = JSON.stringify(setAt(BASE, ['resources', 3, 'identity'], identity), null, 2);
    const fixed = JSON.parse(fixText(text, RULES).output);
    const extensionGone = !fixed.resources.some((r: { name?: string }) => r.name === 'vm2/ManagedIdentityExtensionForWindows');
    const vm2 = fixed.resources.find((r: { name?: string }) => r.name === 'vm2');
    expect(extensionGone ? kindOf(vm2.identity) : 'object').toBe('object');
  },
);

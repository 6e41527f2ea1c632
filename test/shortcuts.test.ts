import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { lintText } from '../src/engine/linter';
import { noRuleCanFire } from '../src/engine/no-rule-can-fire';
import { describeIfShared, SHARED } from './e2e/support';

/**
 * The linter's shortcuts (skip files that declare a non-template $schema;
 * only JSON.parse files that contain no rule's trigger substring) must not
 * change any result. Both paths run over every file of the corpora and the
 * fixtures and must agree exactly.
 */
const rules = allRules.map((rule) => ({ rule, severity: rule.meta.severity }));
const CORPUS = path.join(SHARED, 'corpus');

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(full));
    else if (/\.jsonc?$/.test(entry.name)) out.push(full);
  }
  return out;
}

function summary(text: string, shortcuts: boolean) {
  const outcome = lintText(text, rules, { shortcuts });
  return {
    isTemplate: outcome.isTemplate,
    findings: outcome.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message} fix=${f.fix !== undefined}`),
  };
}

describeIfShared('linter shortcuts', CORPUS, () => {
  it('give the same result as the full path on every corpus and fixture file', () => {
    const files = [...jsonFiles(CORPUS), ...jsonFiles(path.resolve(__dirname, '../fixtures'))];
    let templates = 0;
    let withFindings = 0;
    const mismatches: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = summary(text, true);
      const full = summary(text, false);
      if (JSON.stringify(fast) !== JSON.stringify(full)) mismatches.push(file);
      if (full.isTemplate) templates++;
      if (full.findings.length > 0) withFindings++;
    }
    console.log(`shortcut equivalence: ${files.length} files, ${templates} templates, ${withFindings} with findings, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
    expect(files.length).toBeGreaterThan(4000);
    expect(withFindings).toBeGreaterThanOrEqual(6);
  });
});

/**
 * Base64 properties (`script`, `customData`, `userData`) are decoded before
 * any parse: a file whose only trigger is such a property skips the rules
 * when no value decodes to a trigger, and takes the full path otherwise, or
 * whenever the raw reading cannot tell (comments, escapes, duplicate keys).
 */
describe('base64 property shortcut', () => {
  const encode = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const tokenScript = encode('#!/bin/bash\n# ???\ncurl -s -H Metadata:true "http://localhost:50342/oauth2/token?resource=https://vault.azure.net"\n');
  /** JSON may escape a slash: `\/` reads as `/`. */
  const escapedSlash = (base64: string) => {
    expect(base64).toContain('/');
    return base64.replace(/\//g, '\\/');
  };
  const harmless = encode('#!/bin/bash\napt-get update && apt-get install -y nginx\n');
  const template = (vmProperties: string) => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2023-03-01",
      "name": "vm",
      "location": "westeurope",
      "properties": { "osProfile": { "computerName": "vm", ${vmProperties} } }
    }
  ]
}
`;
  const imds = (text: string, shortcuts: boolean) =>
    lintText(text, rules, { shortcuts })
      .findings.filter((f) => f.ruleId === 'imds-token-endpoint')
      .map((f) => `${f.line}:${f.column} fix=${f.fix !== undefined}`);

  it.each([
    ['a token request in base64 customData', `"customData": "${tokenScript}"`],
    ['the same, key spelled in another case', `"CustomData": "${tokenScript}"`],
    ['the same, with a comment between key and value', `"customData": /* cloud-init */ "${tokenScript}"`],
    ['the same, with an escaped slash in the base64', `"customData": "${escapedSlash(tokenScript)}"`],
    ['a duplicate key whose first value holds the request', `"customData": "${tokenScript}", "customData": "${harmless}"`],
  ])('finds %s with and without the shortcut', (_, properties) => {
    const text = template(properties);
    expect(imds(text, true)).toEqual(imds(text, false));
    expect(imds(text, true)).toHaveLength(1);
  });

  it.each([
    ['harmless base64 customData', `"customData": "${harmless}"`],
    ['an expression', `"customData": "[base64(parameters('cloudInit'))]"`],
    ['a plain string', `"customData": "not base64 at all"`],
    ['the name as a value', `"adminUsername": "customData"`],
  ])('skips every rule for %s', (_, properties) => {
    const text = template(properties);
    expect(noRuleCanFire(text, rules)).toBe(true);
    expect(lintText(text, rules).findings).toEqual(lintText(text, rules, { shortcuts: false }).findings);
  });
});

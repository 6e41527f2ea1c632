import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { lintText } from '../src/engine/linter';
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

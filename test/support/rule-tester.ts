import { lintText } from '../../src/engine/linter';
import { fixText } from '../../src/fixer/fix-text';
import type { RuleModule } from '../../src/engine/types';

export interface ValidCase {
  name: string;
  code: string;
}

export interface ExpectedError {
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Whether the finding carries a fix. */
  fixable?: boolean;
}

export interface InvalidCase {
  name: string;
  code: string;
  errors: ExpectedError[];
  /** The text after `--fix`; `null` asserts that nothing changes. */
  output: string | null;
}

/**
 * ESLint's RuleTester, for armlint rules: valid cases must produce no
 * finding; invalid cases must produce exactly the listed findings, and fixing
 * must produce exactly `output` and then be a fixed point.
 */
export function runRuleTests(rule: RuleModule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rules = [{ rule, severity: rule.meta.severity }];
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const outcome = lintText(c.code, rules);
          expect(outcome.isTemplate).toBe(true);
          expect(outcome.findings.map((f) => f.message)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const outcome = lintText(c.code, rules);
          const actual = outcome.findings.map((f, i) => {
            const expected = c.errors[i] ?? {};
            const picked: ExpectedError = { message: f.message };
            for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
              if (expected[key] !== undefined) picked[key] = f[key];
            }
            if (expected.fixable !== undefined) picked.fixable = f.fix !== undefined;
            return picked;
          });
          expect(actual).toEqual(c.errors);
          const fixed = fixText(c.code, rules);
          expect(fixed.output).toBe(c.output ?? c.code);
          expect(fixText(fixed.output, rules).output).toBe(fixed.output);
        });
      }
    });
  });
}

/** A deployment template around the given resources (and other sections), as 2-space JSON. */
export function template(sections: Record<string, unknown>): string {
  return `${JSON.stringify(
    { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', ...sections },
    null,
    2,
  )}\n`;
}

/**
 * armlint's programmatic API: lint or fix a template's text with the
 * shipped rules, as the CLI does for each file.
 */
export { lintText, type ConfiguredRule, type LintOutcome } from './engine/linter';
export { fixText, type FixOutcome } from './fixer/fix-text';
export type { Edit, Finding, Fix, RuleContext, RuleListeners, RuleMeta, RuleModule, Severity } from './engine/types';
export type { SuppressedFinding, Suppression } from './engine/suppressions';
export { allRules, rulesById } from '../rules';

import type { Node } from 'jsonc-parser';
import type { SourceText } from '../parsing/source-text';
import type { ResourceNode, TemplateModel, TemplateScope } from '../model/template-model';
import type { EditBuilder } from '../fixer/edit-builder';

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

/** A replacement of `length` characters at `offset` by `content` (jsonc-parser's Edit shape). */
export interface Edit {
  offset: number;
  length: number;
  content: string;
}

/** A fix is a set of non-overlapping edits that must be applied together or not at all. */
export interface Fix {
  edits: Edit[];
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One problem a rule found, positioned in the file, with the fix if one is safe. */
export interface Finding extends Range {
  ruleId: string | null;
  severity: Severity;
  message: string;
  offset: number;
  length: number;
  fatal?: boolean;
  fix?: Fix;
}

export interface ReportDescriptor {
  node: Node;
  message: string;
  /** Called only when fixing; returns the edits, or null when no safe fix exists after all. */
  fix?: (edits: EditBuilder) => Edit[] | null;
}

export interface RuleContext {
  readonly ruleId: string;
  readonly source: SourceText;
  readonly model: TemplateModel;
  report(descriptor: ReportDescriptor): void;
}

/** What a rule subscribes to; the engine walks the template and calls these. */
export interface RuleListeners {
  /** Every resource: top-level, child, nested-deployment, symbolic, scale-set extension profile entry. */
  resource?(resource: ResourceNode): void;
  /** Every template scope (the file's template and each inline nested template). */
  template?(scope: TemplateScope): void;
  /** Every string value in the file (not property names), with the scope whose expressions it uses. */
  string?(node: Node, scope: TemplateScope): void;
}

export interface RuleMeta {
  id: string;
  description: string;
  /** Link to the rule's documentation. */
  docs: string;
  severity: Severity;
  fixable: boolean;
  /**
   * Substrings (matched case-insensitively) without which the rule cannot
   * fire; files lacking all of them skip the rule entirely.
   */
  triggers: string[];
  /**
   * Properties whose base64 string values the rule decodes and reads (a
   * CustomScript's `script`, a VM's `customData`): the rule can also fire
   * where such a value decodes to text holding one of `triggers`. A file
   * whose only trigger is such a property name has those values decoded
   * before any parse, and skips the rule when none holds a trigger.
   */
  base64Keys?: string[];
}

export interface RuleModule {
  meta: RuleMeta;
  create(context: RuleContext): RuleListeners;
}

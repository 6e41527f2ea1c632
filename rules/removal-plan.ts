/** What the extension rule's fixes plan, and the wording its messages share. */
import type { Node } from 'jsonc-parser';
import type { Edit, RuleContext } from '../src/engine/types';
import type { EditBuilder } from '../src/fixer/edit-builder';

/** Either the edits that remove the extension safely (and what they do, for the message), or why there are none. */
export type RemovalPlan = { obstacle: string } | { effects: string[]; build: (edits: EditBuilder) => Edit[] };

/** Where a node is, as the messages say it. */
export function at(context: RuleContext, node: Node): string {
  const p = context.source.positionAt(node.offset);
  return `line ${p.line}, column ${p.column}`;
}

/** `1 dependsOn entry naming it removed`, `2 dependsOn entries ...`; nothing for none. */
export function counted(n: number, one: string, many: string, what: string): string[] {
  return n === 0 ? [] : [`${n} ${n === 1 ? one : many} ${what}`];
}

export function plural(list: unknown[]): string {
  return list.length === 1 ? '' : 's';
}

export function quoted(names: string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

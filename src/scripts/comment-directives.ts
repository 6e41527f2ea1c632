import type { SourceText } from '../parsing/source-text';
import type { Directive } from '../engine/suppressions';
import type { Language } from '../commands/token-requests';

/** A comment that holds a directive, per language: `#` (and `<# #>`), or `REM` / `::` for batch files. */
const COMMENT: Record<Language, RegExp> = {
  shell: /(?:^|[ \t;])#[ \t]*armlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^\n]*)/gm,
  python: /(?:^|[ \t;])#[ \t]*armlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^\n]*)/gm,
  powershell: /(?:^|[ \t;])<?#[ \t]*armlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^\n]*?)(?:#>|$)/gm,
  cmd: /(?:^|[ \t&])@?(?:rem|::)[ \t]+armlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^\n]*)/gim,
};

/**
 * The armlint directives in a script's comments, in the language's comment
 * syntax (`# armlint-disable-next-line rule -- why`, `REM armlint-disable-line`):
 * the same directives, with the same meaning, as in templates.
 */
export function scriptDirectives(source: SourceText, language: Language): Directive[] {
  if (!source.text.includes('armlint-')) return [];
  const out: Directive[] = [];
  const pattern = COMMENT[language];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(source.text); m; m = pattern.exec(source.text)) {
    const kind = m[1] as Directive['kind'];
    const offset = m.index;
    const end = m.index + m[0].length;
    const list = m[2].replace(/\r$/, '').split(/\s-{2,}(?:\s|$)/)[0];
    const directive: Directive = { kind, ruleIds: list.split(/[\s,]+/).filter(Boolean), offset, end };
    if (kind === 'disable-line') directive.line = source.positionAt(offset).line;
    if (kind === 'disable-next-line') directive.line = source.positionAt(end).line + 1;
    out.push(directive);
  }
  return out;
}

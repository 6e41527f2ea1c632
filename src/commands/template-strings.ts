import type { Node } from 'jsonc-parser';
import { isCallTo, isExpression, parseExpression } from '../expressions';
import { HOLE, innerContext, jsonStringSegment, subSegment, type Segment } from './segment';
import type { Language } from './tokens';

/**
 * The command text of a template string, positioned in the file: the JSON
 * string itself, or for `[concat('...', x, '...')]` its literals (with ARM's
 * '' escape) joined by a HOLE per argument armlint cannot see. Undefined for
 * other expressions: their text exists only once ARM evaluates them.
 */
export function templateStringSegment(fileText: string, node: Node): Segment | undefined {
  const json = jsonStringSegment(fileText.slice(node.offset, node.offset + node.length), node.offset);
  const value = node.value as string;
  if (json.text !== value) return undefined;
  if (value.startsWith('[[')) return subSegment(json, 1, json.text.length);
  if (!isExpression(value)) return json;
  const parsed = parseExpression(value);
  if (!parsed.ok) return undefined;
  const args = parsed.expr.kind === 'string' ? [parsed.expr] : isCallTo(parsed.expr, 'concat') ? parsed.expr.args : undefined;
  if (!args) return undefined;
  const literal = innerContext(json.context[0]!, 'arm-literal', (t) => t.replace(/'/g, "''"));
  const seg: Segment = { text: '', start: [], end: [], context: [] };
  const push = (char: string, from: number, to: number, context: Segment['context'][number]) => {
    seg.text += char;
    seg.start.push(json.start[from]);
    seg.end.push(json.end[to - 1]);
    seg.context.push(context);
  };
  for (const arg of args) {
    if (arg.kind !== 'string') {
      push(HOLE, arg.start, arg.end, undefined);
      continue;
    }
    for (let k = arg.start + 1; k < arg.end - 1; k++) {
      const doubled = value[k] === "'" && value[k + 1] === "'";
      push(value[k], k, doubled ? k + 2 : k + 1, literal);
      if (doubled) k++;
    }
  }
  return seg;
}

/**
 * The language a template string's command is written in: cmd for Windows
 * extensions' commandToExecute, PowerShell or the shell for deployment
 * scripts by their kind, otherwise read from the text (a PowerShell cmdlet,
 * a Python import), the shell by default (Linux CustomScript, cloud-init).
 */
export function templateStringLanguage(node: Node, text: string): Language {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (n.type !== 'object') continue;
    const publisher = stringProperty(n, 'publisher');
    const type = stringProperty(n, 'type');
    const kind = stringProperty(n, 'kind');
    if (kind && /^AzurePowerShell$/i.test(kind)) return 'powershell';
    if (kind && /^AzureCLI$/i.test(kind)) return 'shell';
    if ((publisher && /^Microsoft\.Compute$/i.test(publisher)) || (type && /^CustomScriptExtension$/i.test(type))) return 'cmd';
    if (publisher || kind) break;
  }
  if (/^\s*(?:import|from)\s+(?:requests|urllib)/m.test(text)) return 'python';
  if (/\b(?:Invoke-RestMethod|Invoke-WebRequest)\b/i.test(text) && !/^\s*(?:powershell|pwsh)/i.test(text)) return 'powershell';
  return 'shell';
}

function stringProperty(object: Node, key: string): string | undefined {
  for (const property of object.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name?.value === key && value?.type === 'string') return value.value as string;
  }
  return undefined;
}

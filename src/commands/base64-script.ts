import type { Node } from 'jsonc-parser';

/** Properties whose value may be a base64-encoded script (CustomScript's script, a VM's customData/userData). */
export const BASE64_SCRIPT_KEYS = ['script', 'customData', 'userData'];
const SCRIPT_KEYS = new Set(BASE64_SCRIPT_KEYS.map((key) => key.toLowerCase()));
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The decoded text of a base64 literal in such a property, when it is
 * UTF-8 text whose re-encoding gives back exactly the literal (so a fix can
 * re-encode it); undefined otherwise.
 */
export function base64Script(node: Node): string | undefined {
  const key = node.parent?.type === 'property' ? String(node.parent.children?.[0]?.value).toLowerCase() : undefined;
  const value = node.value as string;
  if (!key || !SCRIPT_KEYS.has(key) || value.length < 8 || value.length % 4 !== 0 || !BASE64.test(value)) return undefined;
  const buffer = Buffer.from(value, 'base64');
  const text = buffer.toString('utf8');
  if (text.includes('\ufffd') || /[\u0000-\u0008\u000e-\u001f]/.test(text)) return undefined;
  return Buffer.from(text, 'utf8').toString('base64') === value ? text : undefined;
}

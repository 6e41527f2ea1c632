import type { Node } from 'jsonc-parser';
import type { Edit, RuleContext, RuleModule } from '../src/engine/types';
import type { TemplateModel, TemplateScope } from '../src/model/template-model';
import { isExpression, symbolKey } from '../src/expressions';
import { MAX_COMMAND_CHARS, findTokenRequests, tokenUrlsInLongText, type TokenRequest } from '../src/commands/token-requests';
import { templateStringLanguage, templateStringSegment } from '../src/commands/template-strings';
import { BASE64_SCRIPT_KEYS, base64Script } from '../src/commands/base64-script';
import { plainSegment } from '../src/commands/segment';
import { cloudInitCommands } from '../src/scripts/cloud-init';
import { IMDS_API_VERSION, IMDS_TOKEN_URL } from '../src/commands/token-url';
import { docsUrl } from './docs-url';

/** The extension's endpoint on any port: strings without it (written or computed) are not read as commands. */
const COMPUTED_ENDPOINT = /(?:localhost|127\.0\.0\.1):\d{1,5}\/oauth2\/token/i;

/** The finding's message: the endpoint is dead, where tokens come from now, and why no fix when there is none. */
export function tokenRequestMessage(port: string, why?: string): string {
  const base =
    `Token request to the retired managed identity extension endpoint localhost:${port}, where nothing listens on any VM deployed today; ` +
    `request tokens from IMDS (${IMDS_TOKEN_URL}?api-version=${IMDS_API_VERSION}&resource=..., header Metadata: true)`;
  return why ? `${base}. Not fixed automatically: ${why}.` : `${base}.`;
}

export const imdsTokenEndpoint: RuleModule = {
  meta: {
    id: 'imds-token-endpoint',
    description: 'Request managed identity tokens from IMDS, not the retired extension endpoint localhost:50342',
    docs: docsUrl('imds-token-endpoint'),
    severity: 'error',
    fixable: true,
    // 'oauth2' also in `oauth2\/token`; base64 scripts hide the URL: the engine decodes these properties' values to look.
    triggers: ['oauth2'],
    base64Keys: BASE64_SCRIPT_KEYS,
  },
  create(context) {
    return {
      string(node, scope) {
        if (isDocumentation(node)) return;
        const value = node.value as string;
        const encoded = base64Script(node);
        if (encoded !== undefined) {
          reportBase64(context, node, encoded);
          return;
        }
        if (!COMPUTED_ENDPOINT.test(value) && !(isExpression(value) && /oauth2/i.test(value))) return;
        if (value.length > MAX_COMMAND_CHARS) {
          for (const request of tokenUrlsInLongText(value, 0)) context.report({ node, message: tokenRequestMessage(request.port, request.why) });
          return;
        }
        const segment = templateStringSegment(context.source.text, node);
        const requests = segment ? findTokenRequests(segment, templateStringLanguage(node, segment.text)) : [];
        for (const request of requests) report(context, request);
        if (requests.length === 0 && isExpression(value) && computedEndpoint(node, scope, context.model)) {
          context.report({ node, message: tokenRequestMessage('50342', 'the URL is built by an expression; rewrite the pieces that make it') });
        }
      },
    };
  },
};

function report(context: RuleContext, request: TokenRequest): void {
  const node = { type: 'string', offset: request.offset, length: request.length } as Node;
  const edits = request.edits;
  context.report({ node, message: tokenRequestMessage(request.port, request.why), fix: edits ? () => edits : undefined });
}

/** A base64 script is one finding: fixed (re-encoded) only when every request in it is. */
function reportBase64(context: RuleContext, node: Node, decoded: string): void {
  // Base64 user data is a cloud-config or a shell script; either reads as shell lines.
  const requests = findTokenRequests(cloudInitCommands(plainSegment(decoded)), 'shell');
  if (requests.length === 0) return;
  const unfixed = requests.find((r) => r.why);
  const where = `in the base64-encoded script (${requests.length} request${requests.length > 1 ? 's' : ''})`;
  if (unfixed) {
    context.report({ node, message: tokenRequestMessage(unfixed.port, `${unfixed.why} (${where})`) });
    return;
  }
  let fixed = decoded;
  const edits = requests.flatMap((r) => r.edits!).sort((a, b) => b.offset - a.offset);
  for (const e of edits) fixed = fixed.slice(0, e.offset) + e.content + fixed.slice(e.offset + e.length);
  const edit: Edit = { offset: node.offset + 1, length: node.length - 2, content: Buffer.from(fixed, 'utf8').toString('base64') };
  context.report({ node, message: tokenRequestMessage(requests[0].port, undefined).replace(/\.$/, ` (${where}; the fix re-encodes it).`), fix: () => [edit] });
}

/** The endpoint appears once the expression is evaluated (e.g. the port comes from a variable). */
function computedEndpoint(node: Node, scope: TemplateScope, model: TemplateModel): boolean {
  const key = symbolKey(model.evaluate(node, scope));
  return key !== undefined && COMPUTED_ENDPOINT.test(key);
}

/** Descriptions and metadata mention the endpoint without requesting a token. */
function isDocumentation(node: Node): boolean {
  for (let n: Node | undefined = node.parent; n; n = n.parent) {
    if (n.type === 'property') {
      const key = String(n.children?.[0]?.value).toLowerCase();
      if (key === 'metadata' || key === 'description' || key === '$schema') return true;
    }
  }
  return false;
}

import type { Node } from 'jsonc-parser';
import type { Edit, RuleModule } from '../src/engine/types';
import type { TemplateModel, TemplateScope } from '../src/model/template-model';
import { isExpression, symbolKey } from '../src/expressions';
import { docsUrl } from './docs-url';

const IMDS_TOKEN_URL = 'http://169.254.169.254/metadata/identity/oauth2/token';
const IMDS_API_VERSION = '2018-02-01';

/**
 * The extension's endpoint: localhost / 127.0.0.1 on its port 50342, with
 * or without a scheme, followed by the query string if any. Linear-time: no
 * nested quantifiers.
 */
const EXTENSION_ENDPOINT = /(?:https?:\/\/)?(?:localhost|127\.0\.0\.1):50342\/oauth2\/token(\?[^\s'"`\\]*)?/gi;

/** A POSTed form body (curl --data/-d/-F, -X POST, PowerShell -Method Post/-Body): IMDS only takes GET. */
const POST_REQUEST = /(?:^|\s)(?:--data(?:-\w+)?|-d|-F|--form)(?=[\s'"=])|-X\s*POST\b|--request\s+POST\b|-Method\s+['"]?Post\b|\s-Body\s/i;

export const imdsTokenEndpoint: RuleModule = {
  meta: {
    id: 'imds-token-endpoint',
    description: 'Request managed identity tokens from IMDS, not the retired extension endpoint localhost:50342',
    docs: docsUrl('imds-token-endpoint'),
    severity: 'warning',
    fixable: true,
    triggers: ['50342'],
  },
  create(context) {
    return {
      string(node, scope) {
        const value = node.value as string;
        if (isDocumentation(node)) return;
        EXTENSION_ENDPOINT.lastIndex = 0;
        const literal = value.includes('50342') && EXTENSION_ENDPOINT.test(value);
        const computed = !literal && isExpression(value) && /oauth2/i.test(value) && computedEndpoint(node, scope, context.model);
        if (!literal && !computed) return;
        const base =
          `Token request to the retired managed identity extension endpoint localhost:50342; ` +
          `request tokens from IMDS (${IMDS_TOKEN_URL}?api-version=${IMDS_API_VERSION}&resource=..., header Metadata: true)`;
        if (POST_REQUEST.test(value)) {
          context.report({
            node,
            message: `${base}. Not fixed automatically: the request sends its parameters in a body (curl --data/-d/-F, -X POST, PowerShell -Body), and IMDS reads them only from the query string of a GET; move them (resource=...) into the URL's query.`,
          });
          return;
        }
        if (computed) {
          context.report({ node, message: `${base}. Not fixed automatically: the URL is built by an expression; rewrite the pieces that make it.` });
          return;
        }
        const edits = urlEdits(context.source.text, node);
        context.report({
          node,
          message: edits ? `${base}.` : `${base}. Not fixed automatically: the URL is written with JSON escapes.`,
          fix: edits ? () => edits : undefined,
        });
      },
    };
  },
};

/** The endpoint appears once the expression is evaluated (e.g. the port comes from a variable). */
function computedEndpoint(node: Node, scope: TemplateScope, model: TemplateModel): boolean {
  const key = symbolKey(model.evaluate(node, scope));
  if (key === undefined) return false;
  EXTENSION_ENDPOINT.lastIndex = 0;
  return EXTENSION_ENDPOINT.test(key);
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

/** Rewrites each endpoint URL in the string's raw text; undefined if escapes hide one. */
function urlEdits(text: string, node: Node): Edit[] | undefined {
  const raw = text.slice(node.offset, node.offset + node.length);
  const edits: Edit[] = [];
  EXTENSION_ENDPOINT.lastIndex = 0;
  for (let m = EXTENSION_ENDPOINT.exec(raw); m; m = EXTENSION_ENDPOINT.exec(raw)) {
    const query = m[1] ?? '';
    const params = query.slice(1);
    const hasApiVersion = /(^|&)api-version=/i.test(params);
    const replacement = hasApiVersion
      ? `${IMDS_TOKEN_URL}${query}`
      : `${IMDS_TOKEN_URL}?api-version=${IMDS_API_VERSION}${params ? `&${params}` : ''}`;
    edits.push({ offset: node.offset + m.index, length: m[0].length, content: replacement });
  }
  EXTENSION_ENDPOINT.lastIndex = 0;
  const decodedCount = (node.value as string).match(EXTENSION_ENDPOINT)?.length ?? 0;
  return edits.length > 0 && edits.length === decodedCount ? edits : undefined;
}

import type { Node } from 'jsonc-parser';

/**
 * `$schema` values of deployment templates end in `deploymentTemplate.json#`
 * (also subscription-, managementGroup- and tenantDeploymentTemplate), any
 * host, any schema date. Parameter files, metadata and UI definitions do not.
 */
const TEMPLATE_SCHEMA = /deploymenttemplate\.json#?$/i;

export function isTemplateSchema(schema: unknown): boolean {
  return typeof schema === 'string' && TEMPLATE_SCHEMA.test(schema.trim());
}

export function isTemplateRoot(root: Node | undefined): boolean {
  if (!root || root.type !== 'object') return false;
  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key?.value === '$schema') return isTemplateSchema(value?.value);
  }
  return false;
}

/**
 * For text that does not parse: does it still declare itself a deployment
 * template? Used to decide whether a syntax error is worth reporting in a
 * file we would otherwise skip (pre-commit passes every staged .json).
 */
const DECLARED_SCHEMA = /"\$schema"\s*:\s*"([^"]*)"/i;
export function declaredSchema(text: string): string | undefined {
  return DECLARED_SCHEMA.exec(text.slice(0, 4096))?.[1];
}

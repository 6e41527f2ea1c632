/**
 * Each rule's documentation is the Markdown file beside its module; the
 * path is relative to the package root, so it resolves in a checkout, in an
 * installed package and under a repository URL alike.
 */
export function docsUrl(ruleId: string): string {
  return `rules/${ruleId}.md`;
}

/** Spaces, underscores and typographic dashes become single hyphens: `claude 3_5 sonnet` → `claude-3-5-sonnet`. */
export function unifyHyphens(name: string): string {
  const result = name
    .replace(/[\s_\u2010-\u2015\u2212]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
  return result || name
}

const compiled = new Map<string, RegExp>()

/** Whether `name` matches `pattern`, where `*` stands for any run of characters (case-sensitive). */
export function matchesWildcard(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name
  let regex = compiled.get(pattern)
  if (!regex) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    regex = new RegExp(`^${source}$`, 's')
    compiled.set(pattern, regex)
  }
  return regex.test(name)
}

import { joinPath, type ConfigIssue } from './config-error.ts'

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/** Where `${VAR}` references were found, so tools can tell a secret from plain text. */
export interface ResolvedSecrets<T> {
  value: T
  issues: ConfigIssue[]
}

/**
 * Replaces every `${VAR}` and `${VAR:-default}` in the strings of a loaded config with values from
 * `env`. A variable that is unset and has no default is an issue naming the path.
 */
export function resolveSecrets<T>(input: T, env: Record<string, string | undefined>): ResolvedSecrets<T> {
  const issues: ConfigIssue[] = []
  const walk = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === 'string') {
      return value.replace(reference, (_match, variable: string, fallback: string | undefined) => {
        const found = env[variable]
        if (found !== undefined && found !== '') return found
        if (fallback !== undefined) return fallback
        if (found === '') return ''
        issues.push({
          path: joinPath(path),
          message: `environment variable ${variable} is not set (in .env or the environment)`,
        })
        return ''
      })
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]))
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const result: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(value)) result[key] = walk(item, [...path, key])
      return result
    }
    return value
  }
  return { value: walk(input, []) as T, issues }
}

/** True when a string holds a `${VAR}` reference. */
export function isReference(value: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}/.test(value)
}

import { isReference } from '../config/resolve-secrets.ts'

type Json = unknown

/** What a secret is shown as. */
export const hiddenValue = '***'

const record = (value: Json): Record<string, Json> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : undefined

const list = (value: Json): Json[] | undefined => (Array.isArray(value) ? value : undefined)

/** A literal secret: a non-empty string that is not a `${VAR}` reference. */
const isLiteral = (value: Json): value is string => typeof value === 'string' && value !== '' && !isReference(value)

/**
 * Calls `visit` on every place of a config (as written) that holds a secret — tokens, the admin
 * token, client tokens, provider keys and header values — and stores what it returns there;
 * `visitUrl` gets the storage URL.
 */
function walkSecrets(
  config: Record<string, Json>,
  visit: (value: Json) => Json,
  visitUrl: (value: Json) => Json,
): void {
  const auth = record(config.auth)
  if (auth) {
    if (list(auth.tokens)) auth.tokens = (auth.tokens as Json[]).map(visit)
    if ('adminToken' in auth) auth.adminToken = visit(auth.adminToken)
    for (const client of list(auth.clients) ?? []) {
      const entry = record(client)
      if (entry && 'token' in entry) entry.token = visit(entry.token)
    }
  }
  const storage = record(config.storage)
  if (storage) storage.url = visitUrl(storage.url)
  else if ('storage' in config) config.storage = visitUrl(config.storage)
  for (const provider of list(config.providers) ?? []) {
    const entry = record(provider)
    if (!entry) continue
    if (list(entry.keys)) entry.keys = (entry.keys as Json[]).map(visit)
    const headers = record(entry.headers)
    if (headers) for (const name of Object.keys(headers)) headers[name] = visit(headers[name])
  }
}

function urlPassword(value: Json): string | undefined {
  if (!isLiteral(value)) return undefined
  try {
    return decodeURIComponent(new URL(value).password) || undefined
  } catch {
    return undefined
  }
}

/**
 * The config as written, safe to show: keys, tokens and header values that are not `${VAR}`
 * references are replaced by `***`, and a database password is hidden.
 */
export function redactConfig(source: Record<string, Json>): Record<string, Json> {
  const config: Record<string, Json> = structuredClone(source)
  walkSecrets(
    config,
    (value) => (isLiteral(value) ? hiddenValue : value),
    (value) => {
      if (!urlPassword(value)) return value
      const parsed = new URL(value as string)
      parsed.password = hiddenValue
      return parsed.toString()
    },
  )
  return config
}

/** The secret values written literally in a config (to scrub from diffs that show its lines). */
export function secretLiterals(source: Record<string, Json>): string[] {
  const found: string[] = []
  walkSecrets(
    structuredClone(source),
    (value) => (isLiteral(value) && found.push(value), value),
    (value) => {
      const password = urlPassword(value)
      if (password) found.push(password)
      return value
    },
  )
  return found
}

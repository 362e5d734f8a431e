import type { PinaiConfig } from './schema.ts'

/** Shortest secret looked for in free text: a shorter one (`ollama`) would match ordinary words. */
export const MIN_REDACTABLE = 8

/** What a secret is replaced with. */
export const REDACTED = '***'

/** Removes every known secret from a text; `unsafe` lists the secrets too short to look for. */
export interface Redactor {
  (text: string): string
  /** How many secrets it looks for. */
  readonly size: number
  /** Secrets shorter than {@link MIN_REDACTABLE}: they cannot be found safely in an upstream's message. */
  readonly unsafe: readonly string[]
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The one redactor: every secret as written, URL-encoded and JSON-escaped (so `Bearer <key>`, a key in
 * a query string and a key quoted inside an echoed JSON body are all found), longest first.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const forms = new Set<string>()
  const unsafe = new Set<string>()
  for (const secret of secrets) {
    if (!secret) continue
    if (secret.length < MIN_REDACTABLE) {
      unsafe.add(secret)
      continue
    }
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
    forms.add(JSON.stringify(secret).slice(1, -1))
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length)
  const pattern = ordered.length > 0 ? new RegExp(ordered.map(escape).join('|'), 'g') : undefined
  const redact = ((text: string) =>
    pattern && typeof text === 'string' ? text.replace(pattern, REDACTED) : text) as Redactor
  Object.defineProperties(redact, { size: { value: ordered.length }, unsafe: { value: [...unsafe] } })
  return redact
}

/** Every secret a loaded config resolved: client and admin tokens, provider keys and header values, the database password. */
export function secretsOf(config: PinaiConfig): string[] {
  const secrets: string[] = [...config.auth.tokens, ...config.auth.clients.map((client) => client.token)]
  if (config.auth.adminToken) secrets.push(config.auth.adminToken)
  for (const provider of config.providers) {
    secrets.push(...provider.keys)
    for (const value of Object.values(provider.headers ?? {})) secrets.push(value)
  }
  const storage = typeof config.storage === 'string' ? config.storage : config.storage?.url
  const password = storage ? urlPassword(storage) : undefined
  if (password) secrets.push(password)
  return secrets.filter((secret) => secret.length > 0)
}

function urlPassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined
  } catch {
    return undefined
  }
}

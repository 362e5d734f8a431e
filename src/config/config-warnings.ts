import { joinPath, type ConfigIssue } from './config-error.ts'
import { isReference } from './resolve-secrets.ts'
import type { PinaiConfig } from './schema.ts'

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

const literal = (value: unknown): value is string => typeof value === 'string' && value !== '' && !isReference(value)

const moveToEnv =
  'a literal secret in the file: put it in .env and write a ${NAME} reference here (the file goes to git)'

/** Places in the file as written where a key or token is a literal value instead of a `${VAR}` reference. */
function literalSecrets(source: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const auth = record(source.auth)
  const tokens = Array.isArray(auth?.tokens) ? auth.tokens : []
  tokens.forEach((token, index) => literal(token) && issues.push({ path: `auth.tokens[${index}]`, message: moveToEnv }))
  if (literal(auth?.adminToken)) issues.push({ path: 'auth.adminToken', message: moveToEnv })
  const clients = Array.isArray(auth?.clients) ? auth.clients : []
  clients.forEach(
    (client, index) =>
      literal(record(client)?.token) && issues.push({ path: `auth.clients[${index}].token`, message: moveToEnv }),
  )
  const providers = Array.isArray(source.providers) ? source.providers : []
  providers.forEach((provider, index) => {
    const keys = record(provider)?.keys
    if (Array.isArray(keys))
      keys.forEach(
        (key, keyIndex) =>
          literal(key) && issues.push({ path: `providers[${index}].keys[${keyIndex}]`, message: moveToEnv }),
      )
  })
  return issues
}

/**
 * Model entries of one provider that collide: the same id under the same name twice (the gateway
 * keeps one), or two ids under one name (one pool, rarely what was meant). One id under two names is
 * an alias, and fine.
 */
function collidingModels(config: PinaiConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  config.providers.forEach((provider, index) => {
    const byName = new Map<string, { id: string; at: number }>()
    provider.models.forEach((entry, modelIndex) => {
      const id = typeof entry === 'string' ? entry : entry.id
      const name = typeof entry === 'string' ? entry : (entry.name ?? entry.id)
      const path = `providers[${index}].models[${modelIndex}]`
      const other = byName.get(name)
      if (other?.id === id)
        issues.push({
          path,
          message: `"${id}" is already listed as models[${other.at}] (a duplicate; the gateway uses one)`,
        })
      else if (other)
        issues.push({
          path,
          message: `"${id}" is exposed as "${name}", like "${other.id}" in this provider: clients get either one`,
        })
      else byName.set(name, { id, at: modelIndex })
    })
  })
  return issues
}

/** A cooldown that starts longer than its cap: the gateway raises the cap to the start. */
function cooldownOrder(config: PinaiConfig): ConfigIssue[] {
  const { base, max } = config.routing.cooldown
  return base !== undefined && max !== undefined && base > max
    ? [{ path: 'routing.cooldown.base', message: 'is longer than routing.cooldown.max (the gateway raises max to it)' }]
    : []
}

/** Fallback names that no enabled provider exposes: the gateway skips them, so they never help. */
function unknownFallbacks(config: PinaiConfig): ConfigIssue[] {
  const exposed = new Set<string>()
  for (const provider of config.providers) {
    if (!provider.enabled) continue
    for (const entry of provider.models) {
      if (typeof entry === 'string') exposed.add(entry)
      else if (entry.enabled) exposed.add(entry.name ?? entry.id)
    }
  }
  const issues: ConfigIssue[] = []
  for (const [name, list] of Object.entries(config.fallbacks)) {
    list.forEach((fallback, index) => {
      if (!exposed.has(fallback))
        issues.push({
          path: joinPath(['fallbacks', name, index]),
          message: `no enabled provider exposes "${fallback}"`,
        })
    })
  }
  return issues
}

/** What loads but is likely a mistake; `pinai check` prints these without failing. */
export function configWarnings(source: Record<string, unknown>, config: PinaiConfig): ConfigIssue[] {
  return [...literalSecrets(source), ...collidingModels(config), ...cooldownOrder(config), ...unknownFallbacks(config)]
}

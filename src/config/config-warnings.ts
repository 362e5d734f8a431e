import type { ConfigIssue } from './config-error.ts'
import { isReference } from './resolve-secrets.ts'
import type { PinaiConfig } from './schema.ts'

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

const literal = (value: unknown): value is string => typeof value === 'string' && value !== '' && !isReference(value)

const moveToEnv = 'a literal secret in the file: put it in .env and write a ${NAME} reference here (the file goes to git)'

/** Places in the file as written where a key or token is a literal value instead of a `${VAR}` reference. */
function literalSecrets(source: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const auth = record(source.auth)
  const tokens = Array.isArray(auth?.tokens) ? auth.tokens : []
  tokens.forEach((token, index) => literal(token) && issues.push({ path: `auth.tokens[${index}]`, message: moveToEnv }))
  if (literal(auth?.adminToken)) issues.push({ path: 'auth.adminToken', message: moveToEnv })
  const clients = Array.isArray(auth?.clients) ? auth.clients : []
  clients.forEach((client, index) => literal(record(client)?.token) && issues.push({ path: `auth.clients[${index}].token`, message: moveToEnv }))
  const providers = Array.isArray(source.providers) ? source.providers : []
  providers.forEach((provider, index) => {
    const keys = record(provider)?.keys
    if (Array.isArray(keys)) keys.forEach((key, keyIndex) => literal(key) && issues.push({ path: `providers[${index}].keys[${keyIndex}]`, message: moveToEnv }))
  })
  return issues
}

/** Two upstream ids of one provider exposed under one name: one pool, rarely what was meant. */
function sharedNames(config: PinaiConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  config.providers.forEach((provider, index) => {
    const seen = new Map<string, string>()
    provider.models.forEach((entry, modelIndex) => {
      const id = typeof entry === 'string' ? entry : entry.id
      const name = typeof entry === 'string' ? entry : (entry.name ?? entry.id)
      const other = seen.get(name)
      if (other !== undefined && other !== id) {
        issues.push({ path: `providers[${index}].models[${modelIndex}]`, message: `"${id}" is exposed as "${name}", like "${other}" in this provider: clients get either one` })
      }
      if (other === undefined) seen.set(name, id)
    })
  })
  return issues
}

/** What loads but is likely a mistake; `pinai check` prints these without failing. */
export function configWarnings(source: Record<string, unknown>, config: PinaiConfig): ConfigIssue[] {
  return [...literalSecrets(source), ...sharedNames(config)]
}

import { createHash, timingSafeEqual } from 'node:crypto'
import type { PinaiConfig } from '../config/schema.ts'
import { GatewayError } from '../ir/errors.ts'
import type { ClientLimitValues } from './client-limits.ts'

/** Who is calling: a named client with its model allowlist, or the anonymous caller of no-auth mode. */
export interface Caller {
  name: string
  /** Allowed model patterns; undefined means all. */
  models: string[] | undefined
  /** The client's own budgets (`auth.clients[].limits`), when it has any. */
  limits?: ClientLimitValues
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Compares two secrets in constant time (hashing first so lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b))
}

/**
 * What authenticating a config's clients needs, built once when the config is loaded (and dropped with
 * it, so a token a reload removed is never let in again): the digests of the configured tokens, so the
 * presented token is hashed once per request instead of twice per candidate (~2% of a request's CPU);
 * and the callers already let in, by the token they presented, so a caller's next request costs a Map
 * lookup instead of a SHA-256 and the comparisons (~1.5% of a non-stream request). Only accepted tokens
 * are kept, and few: a wrong token is hashed and compared every time, and what answers faster is only
 * what the answer itself tells (that the token is valid).
 */
export interface ClientAuth {
  config: PinaiConfig
  /** The digest of every configured token (client, business and admin tokens). */
  digests: ReadonlyMap<string, Buffer>
  /** Callers let in, by the token they presented (at most {@link ACCEPTED_LIMIT}). */
  accepted: Map<string, Caller>
}

const ACCEPTED_LIMIT = 64

/** Builds a config's {@link ClientAuth}, when the config is loaded. */
export function createClientAuth(config: PinaiConfig): ClientAuth {
  const { tokens, clients, adminToken } = config.auth
  const digests = new Map<string, Buffer>()
  for (const token of [...clients.map((client) => client.token), ...tokens, ...(adminToken ? [adminToken] : [])])
    digests.set(token, digest(token))
  return { config, digests, accepted: new Map() }
}

/** Reads the token a client sent: `Authorization: Bearer`, or `x-api-key` where allowed. */
export function presentedToken(headers: Headers, allowApiKey: boolean): string | undefined {
  const authorization = headers.get('authorization')
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim())
    if (match?.[1]) return match[1].trim()
  }
  if (allowApiKey) return headers.get('x-api-key')?.trim() || undefined
  return undefined
}

/** True when neither business tokens, clients nor an admin token are configured. */
export function isOpen(config: PinaiConfig): boolean {
  return config.auth.tokens.length === 0 && config.auth.clients.length === 0 && !config.auth.adminToken
}

const unauthorized = (message: string) =>
  new GatewayError({ kind: 'authentication', status: 401, code: 'invalid_api_key', message })

/** Authenticates a client API call; throws a 401 GatewayError when the token is missing or wrong. */
export function authenticateClient(auth: ClientAuth, headers: Headers, allowApiKey: boolean): Caller {
  const config = auth.config
  const { tokens, clients } = config.auth
  if (tokens.length === 0 && clients.length === 0) {
    // No business token: open when no admin token either; else the admin token also serves clients.
    if (!config.auth.adminToken) return { name: 'anonymous', models: undefined }
  }
  const token = presentedToken(headers, allowApiKey)
  if (!token)
    throw unauthorized('missing API token: send Authorization: Bearer <token>' + (allowApiKey ? ' or x-api-key' : ''))
  const known = auth.accepted.get(token)
  if (known) return known
  const caller = compareToken(auth, token)
  if (auth.accepted.size < ACCEPTED_LIMIT) auth.accepted.set(token, caller)
  return caller
}

/** The caller whose token `token` is, compared against every configured one; a 401 when none. */
function compareToken(auth: ClientAuth, token: string): Caller {
  const config = auth.config
  const { tokens, clients } = config.auth
  let caller: Caller | undefined
  const presented = digest(token)
  const matches = (known: string) => timingSafeEqual(presented, auth.digests.get(known) ?? digest(known))
  // Compare against every candidate so timing does not reveal which one matched.
  for (const client of clients)
    if (matches(client.token) && !caller)
      caller = { name: client.name, models: client.models, ...(client.limits ? { limits: client.limits } : {}) }
  for (const known of tokens) if (matches(known) && !caller) caller = { name: 'default', models: undefined }
  if (
    !caller &&
    tokens.length === 0 &&
    clients.length === 0 &&
    config.auth.adminToken &&
    matches(config.auth.adminToken)
  ) {
    caller = { name: 'admin', models: undefined }
  }
  if (!caller) throw unauthorized('invalid API token')
  return caller
}

/** Authenticates an admin API call: the admin token, falling back to the business tokens. */
export function authenticateAdmin(config: PinaiConfig, headers: Headers): void {
  const admin = config.auth.adminToken ? [config.auth.adminToken] : config.auth.tokens
  if (admin.length === 0 && config.auth.clients.length === 0) return
  const token = presentedToken(headers, true)
  if (!token) throw unauthorized('missing admin token: send Authorization: Bearer <token>')
  let ok = false
  for (const candidate of admin) ok = safeEqual(token, candidate) || ok
  if (!ok)
    throw new GatewayError({
      kind: admin.length ? 'authentication' : 'permission',
      status: admin.length ? 401 : 403,
      code: 'invalid_api_key',
      message: 'invalid admin token',
    })
}

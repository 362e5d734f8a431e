/** What kind of failure an error is, independent of any wire protocol. */
export type ErrorKind =
  | 'invalid_request' // the client's request is at fault (400, 413, 422 …)
  | 'authentication' // 401: bad or missing token/key
  | 'permission' // 403 (and 402 payment required)
  | 'not_found' // 404: unknown model or route
  | 'rate_limit' // 429
  | 'overloaded' // 529 / 503 overloaded
  | 'timeout' // connect, first byte, idle or total deadline, 408
  | 'network' // connection refused, reset, DNS …
  | 'upstream' // 5xx and anything else the upstream got wrong
  | 'aborted' // the client went away
  | 'internal' // a bug of ours

/**
 * What a failure was about, finer than its kind, where clients act on it: `context_overflow` is a prompt
 * longer than the model's context window (a client may compact its history and ask again).
 */
export type ErrorReason = 'context_overflow'

/** Which scope a failure cools down, read by routing. */
export type CooldownScope = 'none' | 'channel' | 'key' | 'provider'

/** What an error means for the attempt loop, decided once when the error is made. */
export interface ErrorDecision {
  failover: boolean
  cooldown: CooldownScope
}

/** Options for a {@link GatewayError}. */
export interface GatewayErrorOptions {
  kind: ErrorKind
  status: number
  message: string
  /** Machine-readable code (`model_not_found`, `invalid_json`, the upstream's own type …). */
  code?: string
  /** What the failure was about, decided by the upstream's codec from its own wording. */
  reason?: ErrorReason
  /** Provider that produced the failure, when there is one. */
  provider?: string
  /** Milliseconds the upstream asked us to wait (`Retry-After`). */
  retryAfterMs?: number
  /** The upstream's raw error body, kept for the log (never contains our secrets). */
  upstreamBody?: string
  /** Overrides the decision derived from kind and status. */
  decision?: ErrorDecision
  cause?: unknown
}

/** The one error base of pinai: thrown anywhere, turned into a response in one place. */
export class GatewayError extends Error {
  readonly kind: ErrorKind
  readonly status: number
  readonly code: string | undefined
  readonly reason: ErrorReason | undefined
  readonly provider: string | undefined
  readonly retryAfterMs: number | undefined
  readonly upstreamBody: string | undefined
  readonly decision: ErrorDecision
  /** The id of the client request this error ended, once it has (its answer's `x-request-id`). */
  requestId: string | undefined

  constructor(options: GatewayErrorOptions) {
    super(options.message, { cause: options.cause })
    this.name = 'GatewayError'
    this.kind = options.kind
    this.status = options.status
    this.code = options.code
    this.reason = options.reason
    this.provider = options.provider
    this.retryAfterMs = options.retryAfterMs
    this.upstreamBody = options.upstreamBody
    this.decision = options.decision ?? decide(options.kind, options.status)
    this.requestId = undefined
  }
}

/** Maps an HTTP status to the error kind it stands for. */
export function kindFromStatus(status: number): ErrorKind {
  if (status === 401) return 'authentication'
  if (status === 402 || status === 403) return 'permission'
  if (status === 404) return 'not_found'
  if (status === 408) return 'timeout'
  if (status === 429) return 'rate_limit'
  if (status === 529 || status === 503) return 'overloaded'
  if (status >= 500) return 'upstream'
  if (status >= 400) return 'invalid_request'
  return 'upstream'
}

/**
 * The failover policy (README.md, "Routing and failover"): transient and capacity failures fail over and
 * cool the channel, credential failures cool the key, the client's own mistakes go straight back.
 */
export function decide(kind: ErrorKind, status: number): ErrorDecision {
  switch (kind) {
    case 'network':
      return { failover: true, cooldown: 'provider' }
    case 'timeout':
    case 'rate_limit':
    case 'overloaded':
    case 'upstream':
      return { failover: true, cooldown: 'channel' }
    case 'authentication':
    case 'permission':
      return { failover: true, cooldown: 'key' }
    case 'not_found':
      return { failover: true, cooldown: 'channel' }
    case 'invalid_request':
      // 409 is a conflict on the upstream's side, not a malformed request.
      return status === 409 ? { failover: true, cooldown: 'channel' } : { failover: false, cooldown: 'none' }
    case 'aborted':
    case 'internal':
      return { failover: false, cooldown: 'none' }
    default: {
      const unreachable: never = kind
      throw new Error(`unknown error kind ${String(unreachable)}`)
    }
  }
}

/** Builds the error for an upstream's non-2xx answer. */
export function upstreamStatusError(options: {
  status: number
  provider: string
  message: string
  code?: string
  retryAfterMs?: number
  upstreamBody?: string
}): GatewayError {
  return new GatewayError({ kind: kindFromStatus(options.status), ...options })
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000)
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

import { GatewayError } from '../ir/errors.ts'
import type { AttemptRecord } from './attempt-record.ts'

/** The error a failed client request ends with: the deciding error, with the attempts made. */
export class FailoverError extends GatewayError {
  readonly attempts: AttemptRecord[]

  constructor(error: GatewayError, attempts: AttemptRecord[]) {
    super({
      kind: error.kind,
      status: error.status,
      message: error.message,
      code: error.code,
      reason: error.reason,
      provider: error.provider,
      retryAfterMs: error.retryAfterMs,
      upstreamBody: error.upstreamBody,
      decision: error.decision,
      cause: error,
    })
    this.name = 'FailoverError'
    this.attempts = attempts
  }
}

/** The attempts carried by an error from {@link runWithFailover} (none for any other error). */
export function attemptsOf(error: unknown): AttemptRecord[] {
  return error instanceof FailoverError ? error.attempts : []
}

/**
 * What the client gets when every channel failed: the last error, except that an upstream refusing
 * its key (401/402/403) becomes a 502: passing it on would tell the client its own token is wrong.
 */
export function exhaustedError(last: GatewayError): GatewayError {
  if (last.kind !== 'authentication' && last.kind !== 'permission') return last
  return new GatewayError({
    kind: 'upstream',
    status: 502,
    code: 'upstream_auth_failed',
    message: `The upstream refused its credentials (${last.status}): ${last.message}`,
    provider: last.provider,
    upstreamBody: last.upstreamBody,
    decision: { failover: false, cooldown: 'none' },
    cause: last,
  })
}

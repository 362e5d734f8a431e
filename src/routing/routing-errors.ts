import { GatewayError } from '../ir/errors.ts'

const final = { failover: false, cooldown: 'none' } as const

/** No provider exposes the requested name (after mapping). */
export function unknownModelError(name: string): GatewayError {
  return new GatewayError({
    kind: 'not_found',
    status: 404,
    code: 'model_not_found',
    message: `The model "${name}" does not exist or no enabled provider offers it`,
    decision: final,
  })
}

/** The client's allowlist (`auth.clients[].models`) does not include the requested name. */
export function modelNotAllowedError(name: string): GatewayError {
  return new GatewayError({
    kind: 'permission',
    status: 403,
    code: 'model_not_allowed',
    message: `This token may not use the model "${name}"`,
    decision: final,
  })
}

/** Channels exist but none could be tried. */
export function noChannelError(name: string, retryAfterMs?: number): GatewayError {
  return new GatewayError({
    kind: 'overloaded',
    status: 503,
    code: 'no_channel_available',
    message: `No channel is available for "${name}" right now`,
    retryAfterMs,
    decision: final,
  })
}

/** Every channel that could serve the request is at its key's limits (`providers[].limits`), even after waiting. */
export function channelsAtLimitError(name: string, retryAfterMs: number): GatewayError {
  return new GatewayError({
    kind: 'rate_limit',
    status: 429,
    code: 'channels_at_limit',
    message: `Every channel for "${name}" is at its rate or concurrency limit; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    retryAfterMs,
    decision: final,
  })
}

/** The request's total deadline (`routing.deadline`) ran out before an attempt succeeded. */
export function deadlineError(name: string, last?: GatewayError): GatewayError {
  const detail = last ? ` (last error: ${last.message})` : ''
  return new GatewayError({
    kind: 'timeout',
    status: 504,
    code: 'deadline_exceeded',
    message: `No answer for "${name}" within the request deadline${detail}`,
    decision: final,
    cause: last,
  })
}

/** The client went away; the upstream call was cancelled. 499 is nginx's "client closed request". */
export function abortedError(reason?: unknown): GatewayError {
  return new GatewayError({
    kind: 'aborted',
    status: 499,
    code: 'client_closed_request',
    message: 'The client closed the request',
    cause: reason,
  })
}

/** Something that is not a GatewayError escaped an attempt: a bug of ours, not the upstream's fault. */
export function internalError(cause: unknown): GatewayError {
  const message = cause instanceof Error ? cause.message : String(cause)
  return new GatewayError({
    kind: 'internal',
    status: 500,
    code: 'internal_error',
    message: `Internal error: ${message}`,
    cause,
  })
}

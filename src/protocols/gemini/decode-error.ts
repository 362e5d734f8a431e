import { GatewayError, kindFromStatus, parseRetryAfter } from '../../ir/errors.ts'
import type { ErrorKind } from '../../ir/errors.ts'
import { contextOverflowReason } from './context-overflow.ts'
import type { GeminiErrorBody } from './wire-types.ts'

/** Google RPC status → the error kind it stands for, when the HTTP status alone would mislead. */
const kindByRpcStatus: Record<string, ErrorKind> = {
  INVALID_ARGUMENT: 'invalid_request',
  FAILED_PRECONDITION: 'permission',
  OUT_OF_RANGE: 'invalid_request',
  UNAUTHENTICATED: 'authentication',
  PERMISSION_DENIED: 'permission',
  NOT_FOUND: 'not_found',
  RESOURCE_EXHAUSTED: 'rate_limit',
  INTERNAL: 'upstream',
  UNKNOWN: 'upstream',
  UNAVAILABLE: 'overloaded',
  DEADLINE_EXCEEDED: 'timeout',
}

/** Reads the Gemini error object out of a body (`{error}` or, from non-SSE streams, `[{error}]`). */
export function readGeminiError(body: unknown): GeminiErrorBody['error'] | undefined {
  const candidate: unknown = Array.isArray(body) ? body[0] : body
  if (typeof candidate !== 'object' || candidate === null) return undefined
  const error = (candidate as { error?: unknown }).error
  return typeof error === 'object' && error !== null ? error : undefined
}

/** Parses a protobuf Duration string such as `17s` or `0.5s` into milliseconds. */
export function parseRetryDelay(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim())
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Turns a Gemini error (`{"error":{code, message, status, details}}`) into a typed GatewayError.
 * An invalid key arrives as 400 `API_KEY_INVALID` and becomes a 401 so routing rotates the key;
 * `RetryInfo.retryDelay` (or `Retry-After`) becomes `retryAfterMs`.
 */
export function decodeError(
  status: number,
  bodyText: string,
  headers: Headers,
  provider?: string,
  now: number = Date.now(),
): GatewayError {
  const error = readGeminiError(parseJson(bodyText))
  const rpcStatus = error?.status
  const details = Array.isArray(error?.details) ? error.details : []
  const reasons = details.map((detail) => detail.reason).filter((reason) => typeof reason === 'string')
  const retryDelay = details.map((detail) => parseRetryDelay(detail.retryDelay)).find((delay) => delay !== undefined)
  const retryAfterMs = retryDelay ?? parseRetryAfter(headers.get('retry-after'), now)
  const upstreamMessage = error?.message ?? (bodyText.trim().slice(0, 500) || `HTTP ${status}`)
  const common = {
    ...(provider === undefined ? {} : { provider }),
    upstreamBody: bodyText.slice(0, 4000),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }

  if (reasons.includes('API_KEY_INVALID') || status === 401 || rpcStatus === 'UNAUTHENTICATED') {
    return new GatewayError({
      ...common,
      kind: 'authentication',
      status: 401,
      code: 'invalid_api_key',
      message: 'Upstream API key rejected',
    })
  }
  if (rpcStatus === 'FAILED_PRECONDITION') {
    return new GatewayError({
      ...common,
      kind: 'permission',
      status: 402,
      code: 'insufficient_quota',
      message: upstreamMessage,
    })
  }
  const kind = (rpcStatus ? kindByRpcStatus[rpcStatus] : undefined) ?? kindFromStatus(status)
  const code = kind === 'not_found' ? 'model_not_found' : (rpcStatus ?? undefined)
  const reason = contextOverflowReason(status, rpcStatus, error?.message)
  return new GatewayError({
    ...common,
    kind,
    status,
    message: upstreamMessage,
    ...(code ? { code } : {}),
    ...(reason === undefined ? {} : { reason }),
  })
}

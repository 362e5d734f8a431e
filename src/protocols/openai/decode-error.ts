import { GatewayError, kindFromStatus, parseRetryAfter, type ErrorKind } from '../../ir/errors.ts'
import { fallbackErrorMessage, maxUpstreamBodyText } from '../shared/client-error.ts'
import { isRecord, maybeString, parseJson } from '../shared/read-json.ts'
import { contextOverflowReason } from './context-overflow.ts'

/** An OpenAI-protocol upstream's non-2xx answer as a typed error (keeps `retry-after`). */
export function decodeError(
  status: number,
  bodyText: string,
  headers: Headers,
  provider: string,
  now: number,
): GatewayError {
  const parsed = parseJson(bodyText)
  const detail = errorDetail(parsed)
  const code = detail.code ?? detail.type
  const reason = contextOverflowReason(status, code, detail.message)
  return new GatewayError({
    kind: kindOf(status, code),
    status,
    message: detail.message ?? fallbackErrorMessage(status, bodyText),
    provider,
    upstreamBody: bodyText.slice(0, maxUpstreamBodyText),
    ...(code === undefined ? {} : { code }),
    ...(reason === undefined ? {} : { reason }),
    ...retryAfter(headers, now),
  })
}

/** An `{"error":{…}}` payload found inside a 200 stream, as a typed error. */
export function decodeStreamError(payload: unknown, provider?: string): GatewayError {
  const detail = errorDetail(payload)
  const code = detail.code ?? detail.type
  const status = statusOf(code)
  const reason = contextOverflowReason(status, code, detail.message)
  return new GatewayError({
    kind: kindOf(status, code),
    status,
    message: detail.message ?? 'The upstream reported an error inside the stream',
    ...(code === undefined ? {} : { code }),
    ...(reason === undefined ? {} : { reason }),
    ...(provider === undefined ? {} : { provider }),
  })
}

function errorDetail(parsed: unknown): { message?: string; type?: string; code?: string } {
  if (!isRecord(parsed)) return {}
  const error = parsed.error
  if (typeof error === 'string') return { message: error }
  const source = isRecord(error) ? error : parsed
  const detail: { message?: string; type?: string; code?: string } = {}
  const message = maybeString(source.message)
  if (message !== undefined) detail.message = message
  const type = maybeString(source.type)
  if (type !== undefined) detail.type = type
  const code = maybeString(source.code) ?? (typeof source.code === 'number' ? String(source.code) : undefined)
  if (code !== undefined) detail.code = code
  return detail
}

function kindOf(status: number, code: string | undefined): ErrorKind {
  // An exhausted quota is a billing matter of that key, not a transient rate limit.
  if (code === 'insufficient_quota') return 'permission'
  return kindFromStatus(status)
}

function statusOf(code: string | undefined): number {
  if (code === undefined) return 500
  if (code === 'insufficient_quota' || code.includes('rate_limit')) return 429
  if (code.includes('overloaded')) return 503
  if (code.includes('timeout')) return 504
  if (code.includes('not_found')) return 404
  if (code.includes('invalid_request') || code.includes('context_length')) return 400
  return 500
}

function retryAfter(headers: Headers, now: number): { retryAfterMs?: number } {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN)
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return { retryAfterMs: milliseconds }
  const parsed = parseRetryAfter(headers.get('retry-after'), now)
  return parsed === undefined ? {} : { retryAfterMs: parsed }
}

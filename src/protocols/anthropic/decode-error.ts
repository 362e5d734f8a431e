import { GatewayError, kindFromStatus, parseRetryAfter } from '../../ir/errors.ts'
import { fallbackErrorMessage, maxUpstreamBodyText } from '../shared/client-error.ts'
import { isRecord, maybeString, parseJson } from '../shared/read-json.ts'
import { contextOverflowReason } from './context-overflow.ts'
import { statusOfErrorType } from './error-types.ts'

/** An Anthropic upstream's non-2xx answer as a typed error (keeps `retry-after`). */
export function decodeError(
  status: number,
  bodyText: string,
  headers: Headers,
  provider: string,
  now: number,
): GatewayError {
  const detail = errorDetail(parseJson(bodyText))
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now)
  const reason = contextOverflowReason(status, detail.type, detail.message)
  return new GatewayError({
    // A spend limit is a matter of that key's account, not a transient rate limit.
    kind: detail.spendLimit ? 'permission' : kindFromStatus(status),
    status,
    message: detail.message ?? fallbackErrorMessage(status, bodyText),
    provider,
    upstreamBody: bodyText.slice(0, maxUpstreamBodyText),
    ...(detail.type === undefined ? {} : { code: detail.type }),
    ...(reason === undefined ? {} : { reason }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
}

/**
 * An `error` event inside a 200 stream as a typed error, its status taken from the error type
 * (`overloaded_error` → 529, docs/protocols.md pitfall 38) so that failover can act on it.
 */
export function decodeStreamError(payload: unknown, provider?: string): GatewayError {
  const detail = errorDetail(payload)
  const status = (detail.type === undefined ? undefined : statusOfErrorType[detail.type]) ?? 500
  return new GatewayError({
    kind: kindFromStatus(status),
    status,
    message: detail.message ?? 'The upstream reported an error inside the stream',
    ...(detail.type === undefined ? {} : { code: detail.type }),
    ...(provider === undefined ? {} : { provider }),
  })
}

function errorDetail(parsed: unknown): { type?: string; message?: string; spendLimit: boolean } {
  if (!isRecord(parsed)) return { spendLimit: false }
  const error = isRecord(parsed.error) ? parsed.error : parsed
  const details = error.details
  const detail: { type?: string; message?: string; spendLimit: boolean } = {
    spendLimit: isRecord(details) && details.error_code === 'enforced_spend_limit_reached',
  }
  const type = maybeString(error.type)
  if (type !== undefined && type !== 'error') detail.type = type
  const message = maybeString(error.message)
  if (message !== undefined) detail.message = message
  return detail
}

import type { ErrorKind, GatewayError } from '../../ir/errors.ts'
import type { EncodedError } from '../codec.ts'
import { sseEncode } from '../sse.ts'

const typeOf: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  network: 'api_error',
  upstream: 'api_error',
  aborted: 'api_error',
  internal: 'api_error',
}

/** The Anthropic `error` object for a typed error (protocols.md §4.8, §9.4). */
function errorObject(error: GatewayError): { type: string; message: string } {
  let type = typeOf[error.kind]
  if (error.kind === 'invalid_request' && error.status === 413) type = 'request_too_large'
  if (error.kind === 'permission' && (error.status === 402 || error.code === 'insufficient_quota' || error.code === 'billing_error')) type = 'billing_error'
  // The client's own token was fine: say that it was ours upstream that failed.
  const message = error.kind === 'authentication' && error.provider !== undefined ? 'Upstream API key rejected' : error.message
  return { type, message }
}

/** A typed error as an Anthropic error response (status kept; `retry-after` in whole seconds). */
export function encodeError(error: GatewayError): EncodedError {
  const encoded: EncodedError = { status: error.status, body: { type: 'error', error: errorObject(error) } }
  if (error.retryAfterMs !== undefined) encoded.headers = { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) }
  return encoded
}

/** A typed error as an Anthropic `event: error` (the stream ends after it). */
export function encodeStreamError(error: GatewayError): string {
  return sseEncode({ event: 'error', data: JSON.stringify({ type: 'error', error: errorObject(error) }) })
}

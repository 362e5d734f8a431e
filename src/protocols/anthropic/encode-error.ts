import type { ErrorKind, GatewayError } from '../../ir/errors.ts'
import type { EncodedError } from '../codec.ts'
import { sseEncode } from '../sse.ts'
import { clientErrorMessage, isBillingError, retryAfterHeaders } from '../shared/client-error.ts'

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

/** The Anthropic `error` object for a typed error (docs/protocols.md, "Errors"). */
function errorObject(error: GatewayError): { type: string; message: string } {
  let type = typeOf[error.kind]
  if (error.kind === 'invalid_request' && error.status === 413) type = 'request_too_large'
  if (isBillingError(error)) type = 'billing_error'
  return { type, message: overflowWording(error, clientErrorMessage(error)) }
}

/** A typed error as an Anthropic error response (status kept; `retry-after` in whole seconds). */
export function encodeError(error: GatewayError): EncodedError {
  const body = { type: 'error', error: errorObject(error) }
  const headers = retryAfterHeaders(error)
  return headers ? { status: error.status, body, headers } : { status: error.status, body }
}

/** A typed error as an Anthropic `event: error` (the stream ends after it). */
export function encodeStreamError(error: GatewayError): string {
  return sseEncode({ event: 'error', data: JSON.stringify({ type: 'error', error: errorObject(error) }) })
}

/** Anthropic's wording for a prompt past the context window, which Anthropic clients look for to compact. */
function overflowWording(error: GatewayError, message: string): string {
  if (error.reason !== 'context_overflow' || /prompt is too long/i.test(message)) return message
  return `prompt is too long: ${message}`
}

import type { ErrorKind, GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { EncodedError } from '../codec.ts'
import { sseEncode } from '../sse.ts'
import { clientErrorMessage, isBillingError, retryAfterHeaders } from '../shared/client-error.ts'

const typeOf: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  overloaded: 'server_error',
  timeout: 'server_error',
  network: 'server_error',
  upstream: 'server_error',
  aborted: 'server_error',
  internal: 'server_error',
}

const codeOf: Partial<Record<ErrorKind, string>> = {
  authentication: 'invalid_api_key',
  rate_limit: 'rate_limit_exceeded',
  overloaded: 'overloaded',
  timeout: 'timeout',
  network: 'upstream_unreachable',
  internal: 'internal_error',
}

/** The OpenAI `error` object for a typed error (docs/protocols.md, "Errors"). */
function errorObject(error: GatewayError): { message: string; type: string; code: string | null } {
  let type = typeOf[error.kind]
  // A 404 says what was not found in its own code: `model_not_found`, or `not_found` for a route.
  let code = codeOf[error.kind] ?? error.code ?? (error.kind === 'not_found' ? 'model_not_found' : null)
  // OpenAI's own code for a prompt past the context window, whatever the upstream called it: Codex and the
  // SDKs read this code (not the message) to compact the conversation and ask again.
  if (error.reason === 'context_overflow') code = 'context_length_exceeded'
  if (isBillingError(error)) {
    type = 'insufficient_quota'
    code = 'insufficient_quota'
  }
  return { message: clientErrorMessage(error), type, code }
}

/** A typed error as an OpenAI error response (status kept; `retry-after` from the error). */
export function encodeError(error: GatewayError): EncodedError {
  const body: JsonObject = { error: { ...errorObject(error), param: null } }
  const headers = retryAfterHeaders(error)
  return headers ? { status: error.status, body, headers } : { status: error.status, body }
}

/** A typed error as the `data: {"error":…}` event OpenAI sends inside a stream (no `[DONE]` follows). */
export function encodeStreamError(error: GatewayError): string {
  return sseEncode({ data: JSON.stringify({ error: errorObject(error) }) })
}

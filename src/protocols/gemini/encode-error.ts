import type { ErrorKind, GatewayError } from '../../ir/errors.ts'
import type { EncodedError } from '../codec.ts'
import { sseEncode } from '../sse.ts'

/** The Google RPC status that stands for each error kind. */
const rpcStatusByKind: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  rate_limit: 'RESOURCE_EXHAUSTED',
  overloaded: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
  network: 'UNAVAILABLE',
  upstream: 'INTERNAL',
  aborted: 'CANCELLED',
  internal: 'INTERNAL',
}

function errorBody(error: GatewayError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    code: error.status,
    message: error.message,
    status: rpcStatusByKind[error.kind],
  }
  if (error.retryAfterMs !== undefined) {
    body.details = [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${Math.ceil(error.retryAfterMs / 1000)}s` },
    ]
  }
  return { error: body }
}

/** Typed error → Gemini's `{"error":{code, message, status}}`, with `retry-after` when known. */
export function encodeError(error: GatewayError): EncodedError {
  const encoded: EncodedError = { status: error.status, body: errorBody(error) }
  if (error.retryAfterMs !== undefined)
    encoded.headers = { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) }
  return encoded
}

/** The same error as a Gemini stream event (`data: {"error":…}`). */
export function encodeStreamError(error: GatewayError): string {
  return sseEncode({ data: JSON.stringify(errorBody(error)) })
}

import { Response } from '@whatwg-node/server'
import { GatewayError } from '../ir/errors.ts'
import type { Codecs } from '../protocols/index.ts'
import type { InboundProtocol } from './inbound.ts'

/** Wraps anything thrown into a GatewayError (an unknown error is an internal 500). */
export function asGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error
  return new GatewayError({ kind: 'internal', status: 500, message: 'internal error', cause: error })
}

/**
 * The one place an error becomes a response, in the shape of the protocol the client spoke, with every
 * secret of the config removed (an upstream's message may echo the key it was sent).
 */
export function errorResponse(
  error: unknown,
  inbound: InboundProtocol | 'admin',
  codecs: Codecs,
  redact: (text: string) => string = keep,
): Response {
  const typed = asGatewayError(error)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (typed.requestId) headers['x-request-id'] = typed.requestId
  if (typed.kind === 'rate_limit' && typed.retryAfterMs !== undefined)
    headers['retry-after'] = String(Math.ceil(typed.retryAfterMs / 1000))
  if (inbound === 'admin') {
    // Some admin errors carry details for the caller (a read-only config's patch to copy).
    const details = (typed as { details?: unknown }).details
    const body = {
      error: { type: typed.kind, code: typed.code, message: typed.message, ...(details ? { details } : {}) },
    }
    return new Response(redact(JSON.stringify(body)), { status: typed.status, headers })
  }
  const encoded = codecs[inbound].encodeError(typed)
  return new Response(redact(JSON.stringify(encoded.body)), { status: encoded.status, headers })
}

const keep = (text: string) => text

import type { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { EncodedError } from '../codec.ts'
import { encodeError as encodeOpenAIError } from '../openai/encode-error.ts'
import { sseEncode } from '../sse.ts'
import { responseObject } from './encode-response.ts'

/** A typed error as the OpenAI error body the Responses API answers with (the same as Chat Completions'). */
export function encodeError(error: GatewayError): EncodedError {
  return encodeOpenAIError(error)
}

/** The `{message, type, code, param}` of an error, as the stream's error events carry it. */
export function errorDetail(error: GatewayError): JsonObject {
  const body = encodeOpenAIError(error).body
  const detail =
    body !== null && typeof body === 'object' && 'error' in body ? (body as { error: JsonObject }).error : {}
  return {
    type: detail.type ?? 'server_error',
    code: detail.code ?? null,
    message: detail.message ?? error.message,
    param: null,
  }
}

/** What the stream's error events need besides the error: the next sequence number and the response so far. */
export interface StreamErrorContext {
  sequence: () => number
  response: { id: string; createdAt: number; model: string; output: JsonObject[] }
}

/**
 * An error inside a Responses stream: an `error` event (its `error` member makes the OpenAI SDK throw with
 * the status's kind), then `response.failed` with the response so far (what Codex reads), which ends it.
 */
export function encodeStreamError(error: GatewayError, context: StreamErrorContext): string {
  const detail = errorDetail(error)
  const errorEvent = {
    type: 'error',
    code: detail.code,
    message: detail.message,
    param: null,
    error: detail,
    sequence_number: context.sequence(),
  }
  const failed = {
    type: 'response.failed',
    response: responseObject({
      ...context.response,
      status: 'failed',
      error: { code: detail.code ?? 'server_error', message: detail.message },
    }),
    sequence_number: context.sequence(),
  }
  return (
    sseEncode({ event: 'error', data: JSON.stringify(errorEvent) }) +
    sseEncode({ event: 'response.failed', data: JSON.stringify(failed) })
  )
}

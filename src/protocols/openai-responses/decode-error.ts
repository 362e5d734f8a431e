import type { GatewayError } from '../../ir/errors.ts'
import { decodeError as decodeOpenAIError } from '../openai/decode-error.ts'

/** A Responses upstream's non-2xx answer as a typed error: the Responses API answers errors as Chat Completions does. */
export function decodeError(
  status: number,
  bodyText: string,
  headers: Headers,
  provider: string,
  now: number,
): GatewayError {
  return decodeOpenAIError(status, bodyText, headers, provider, now)
}

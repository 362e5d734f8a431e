import { GatewayError } from '../../ir/errors.ts'

/**
 * The error for a request Gemini cannot express (an image URL it will not fetch, a tool result whose
 * function name is unknown): a 400 for the client, but routing may still try an upstream of another
 * protocol, and no channel is cooled down for it.
 */
export function untranslatable(message: string): GatewayError {
  return new GatewayError({
    kind: 'invalid_request',
    status: 400,
    code: 'unsupported_content',
    message,
    decision: { failover: true, cooldown: 'none' },
  })
}

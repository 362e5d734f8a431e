import { GatewayError } from '../ir/errors.ts'

/** The 400 for a bad admin-API query parameter; the message starts with the parameter's name. */
export function invalidParameter(name: string, expected: string): GatewayError {
  return new GatewayError({
    kind: 'invalid_request',
    status: 400,
    code: 'invalid_parameter',
    message: `${name}: ${expected}`,
  })
}

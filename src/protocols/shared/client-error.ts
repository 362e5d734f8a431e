import type { GatewayError } from '../../ir/errors.ts'

/**
 * The message a client sees. An upstream's rejection of our key is not the client's fault (its own token
 * was fine), so it is said plainly instead of echoing the upstream's wording.
 */
export function clientErrorMessage(error: GatewayError): string {
  return error.kind === 'authentication' && error.provider !== undefined ? 'Upstream API key rejected' : error.message
}

/** True for a billing failure (402, an exhausted quota) rather than a plain permission problem. */
export function isBillingError(error: GatewayError): boolean {
  return (
    error.kind === 'permission' &&
    (error.status === 402 || error.code === 'insufficient_quota' || error.code === 'billing_error')
  )
}

/** The `retry-after` header (whole seconds) for an error that carries a wait, else undefined. */
export function retryAfterHeaders(error: GatewayError): Record<string, string> | undefined {
  return error.retryAfterMs === undefined ? undefined : { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) }
}

/** Longest upstream body text kept on an error (for the log). */
export const maxUpstreamBodyText = 4000

/** A message for an upstream error whose body said nothing readable. */
export function fallbackErrorMessage(status: number, bodyText: string): string {
  return bodyText.trim().slice(0, 200) || `HTTP ${status}`
}

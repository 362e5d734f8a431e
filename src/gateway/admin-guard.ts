import { isIP } from 'node:net'
import type { PinaiConfig } from '../config/schema.ts'
import { GatewayError } from '../ir/errors.ts'
import { isOpen } from './auth.ts'
import type { CorsPolicy } from './cors.ts'

/** What the admin guard reads of one call. */
export interface AdminCall {
  request: Request
  /** The peer's address, when served by a Node server (the fetch handler has none). */
  remoteAddress: string | undefined
  config: PinaiConfig
  cors: CorsPolicy
  /** The address the server listens on, when it names one host. */
  listenHost: string | undefined
}

const forbidden = (code: string, message: string) =>
  new GatewayError({ kind: 'permission', status: 403, code, message })

/** Whether an address is this machine's loopback (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'))
}

/**
 * The checks every `/api` call passes before its handler (docs/security.md): its Host names this
 * pinai (not a name an attacker's DNS points at it: rebinding), its Origin is this pinai or one the
 * config lists (a page elsewhere cannot drive it: CSRF), a write is JSON (a form or `text/plain` POST
 * needs no preflight), and in no-auth mode a write comes from this machine.
 */
export function guardAdminCall(call: AdminCall): void {
  const { request, config } = call
  const url = new URL(request.url)
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const allowedHosts = new Set(['localhost', ...(config.server.allowedHosts ?? []).map((name) => name.toLowerCase())])
  if (call.listenHost) allowedHosts.add(call.listenHost.toLowerCase())
  if (!allowedHosts.has(host) && !host.endsWith('.localhost') && isIP(host) === 0) {
    throw forbidden(
      'host_not_allowed',
      `the admin API does not answer for the host "${host}": add it to server.allowedHosts if you reach pinai by that name`,
    )
  }
  const origin = request.headers.get('origin')
  if (origin && origin !== url.origin && !call.cors.admin(origin)) {
    throw forbidden(
      'origin_not_allowed',
      `the admin API does not answer pages from ${origin}: list it in server.cors.origins to allow it`,
    )
  }
  if (request.method === 'GET' || request.method === 'HEAD') return
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/json\b/i.test(type.trim())) {
    throw new GatewayError({
      kind: 'invalid_request',
      status: 415,
      code: 'json_required',
      message: 'admin API writes take application/json',
    })
  }
  if (isOpen(config) && !isLoopback(call.remoteAddress)) {
    throw forbidden(
      'loopback_only',
      'pinai runs without an admin token: its admin API takes writes only from this machine (set ADMIN_TOKEN to manage it remotely)',
    )
  }
}

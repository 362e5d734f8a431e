import { Response } from '@whatwg-node/server'
import type { RouterType } from 'itty-router'
import { authenticateAdmin, isOpen } from '../auth.ts'
import type { GatewayDeps } from '../gateway-deps.ts'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** The admin API under `/api/` (admin token): channel health and config status. */
export function mountAdmin(router: RouterType<Request, [], Response>, deps: GatewayDeps): void {
  const admin = (handler: (request: Request) => Response | Promise<Response>) => (request: Request) => {
    authenticateAdmin(deps.state().config, request.headers)
    return handler(request)
  }
  router.get(
    '/api/health',
    admin(() => json({ open: isOpen(deps.state().config), channels: deps.health.snapshot() })),
  )
  router.get(
    '/api/config/status',
    admin(() => {
      const { current, lastError } = deps.holder
      return json({ file: current.file, loadedAt: current.loadedAt, lastError: lastError ?? null })
    }),
  )
}

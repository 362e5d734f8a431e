import { Response } from '@whatwg-node/server'
import { authenticateAdmin } from '../auth.ts'
import type { GatewayDeps } from '../gateway-deps.ts'

/**
 * `GET /metrics`: the Prometheus text exposition. The admin token is required unless
 * `server.metrics` is `'public'`. Not under `/api`: a scraper is not a browser, so the admin API's
 * Host and Origin checks do not apply, only this token rule (docs/security.md).
 */
export async function handleMetrics(request: Request, deps: GatewayDeps): Promise<Response> {
  const { config } = deps.state()
  if (config.server.metrics !== 'public') authenticateAdmin(config, request.headers)
  return new Response(await deps.metrics.render(), {
    status: 200,
    headers: { 'content-type': deps.metrics.contentType },
  })
}

import { Response } from '@whatwg-node/server'
import { Router } from 'itty-router'
import { GatewayError } from '../ir/errors.ts'
import { preflight, withCors } from './cors.ts'
import { errorResponse } from './error-response.ts'
import type { GatewayDeps } from './gateway-deps.ts'
import { inboundOf } from './inbound.ts'
import type { NodeContext } from './node-context.ts'
import { mountAdmin } from './routes/admin.ts'
import { handleCountTokens } from './routes/count-tokens.ts'
import { handleEmbeddings } from './routes/embeddings.ts'
import { handleGenerate } from './routes/generate.ts'
import { handleModels } from './routes/models.ts'
import { serveDashboard } from './serve-dashboard.ts'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** The gateway's routes: health, the client API of both protocols, the admin API. */
export function createRouter(deps: GatewayDeps) {
  const router = Router<Request, [NodeContext | undefined], Response>({
    before: [(request) => (request.method === 'OPTIONS' && !new URL(request.url).pathname.startsWith('/api/') ? preflight(request) : undefined)],
    catch: (error, request) => errorResponse(error, inboundOf(new URL(request.url).pathname)),
    finally: [(response, request) => (response && new URL(request.url).pathname.startsWith('/api/') ? response : response && withCors(response))],
  })
  router
    .get('/healthz', () => json({ status: 'ok' }))
    .get('/openai/v1/models', (request) => handleModels(request, 'openai', deps))
    .post('/openai/v1/chat/completions', (request, context) => handleGenerate(request, 'openai', deps, context?.res))
    .get('/anthropic/v1/models', (request) => handleModels(request, 'anthropic', deps))
    .post('/anthropic/v1/messages', (request, context) => handleGenerate(request, 'anthropic', deps, context?.res))
    .post('/anthropic/v1/messages/count_tokens', (request) => handleCountTokens(request, deps))
    .post('/openai/v1/embeddings', (request) => handleEmbeddings(request, deps))
  mountAdmin(router, deps)
  router.get('*', serveDashboard(deps, process.env.PINAI_DASHBOARD_DIR))
  router.all('*', (request) => {
    const pathname = new URL(request.url).pathname
    return errorResponse(notFound(request.method, pathname), inboundOf(pathname))
  })
  return router
}

function notFound(method: string, pathname: string) {
  return new GatewayError({ kind: 'not_found', status: 404, code: 'not_found', message: `${method} ${pathname} is not a pinai route` })
}

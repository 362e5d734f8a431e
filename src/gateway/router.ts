import { Response } from '@whatwg-node/server'
import { Router } from 'itty-router'
import { GatewayError } from '../ir/errors.ts'
import { preflight, withCors } from './cors.ts'
import { errorResponse } from './error-response.ts'
import { guardAdminCall } from './admin-guard.ts'
import type { GatewayDeps } from './gateway-deps.ts'
import { inboundOf } from './inbound.ts'
import type { NodeContext } from './node-context.ts'
import { mountAdmin } from './routes/admin.ts'
import { handleCountTokens } from './routes/count-tokens.ts'
import { handleEmbeddings } from './routes/embeddings.ts'
import { handleGenerate } from './routes/generate.ts'
import { handleGemini } from './routes/gemini.ts'
import { handleModels } from './routes/models.ts'
import { handleStoredResponse } from './routes/stored-responses.ts'
import { handleMetrics } from './routes/metrics.ts'
import { serveDashboard } from './serve-dashboard.ts'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** The gateway's routes: health, the client API of each protocol, the admin API. */
export function createRouter(deps: GatewayDeps) {
  const router = Router<Request, [NodeContext | undefined], Response>({
    before: [
      (request, context) => {
        const admin = isAdminPath(request.url)
        const { cors, config } = deps.state()
        const origin = request.headers.get('origin')
        if (request.method === 'OPTIONS') {
          return preflight(
            request,
            admin ? origin !== null && cors.admin(origin) : Object.keys(cors.client(origin)).length > 0,
          )
        }
        if (admin)
          guardAdminCall({
            request,
            remoteAddress: context?.req?.socket.remoteAddress,
            config,
            cors,
            listenHost: deps.listenHost(),
          })
        return undefined
      },
    ],
    catch: (error, request) =>
      errorResponse(error, inboundOf(new URL(request.url).pathname), deps.codecs, deps.state().redact),
    finally: [
      (response: Response | undefined, request: Request) => {
        if (!response) return response
        const origin = request.headers.get('origin')
        const { cors } = deps.state()
        if (!isAdminPath(request.url)) return withCors(response, cors.client(origin))
        // A dashboard served by another pinai reads the answers only when this one lists its origin.
        return origin && cors.admin(origin)
          ? withCors(response, { 'access-control-allow-origin': origin, vary: 'origin' })
          : response
      },
    ],
  })
  router
    .get('/healthz', () => json({ status: 'ok' }))
    .get('/metrics', (request) => handleMetrics(request, deps))
    .get('/openai/v1/models', (request) => handleModels(request, 'openai', deps))
    .post('/openai/v1/chat/completions', (request, context) => handleGenerate(request, 'openai', deps, context))
    .post('/openai/v1/responses', (request, context) => handleGenerate(request, 'openai-responses', deps, context))
    .get('/openai/v1/responses/:id', (request) => handleStoredResponse(request, 'retrieve', deps))
    .delete('/openai/v1/responses/:id', (request) => handleStoredResponse(request, 'delete', deps))
    .post('/openai/v1/responses/:id/cancel', (request) => handleStoredResponse(request, 'cancel', deps))
    .get('/openai/v1/responses/:id/input_items', (request) =>
      handleStoredResponse(request, 'list the input items of', deps),
    )
    .get('/anthropic/v1/models', (request) => handleModels(request, 'anthropic', deps))
    .post('/anthropic/v1/messages', (request, context) => handleGenerate(request, 'anthropic', deps, context))
    .post('/anthropic/v1/messages/count_tokens', (request) => handleCountTokens(request, 'anthropic', deps))
    .post('/openai/v1/embeddings', (request) => handleEmbeddings(request, 'openai', deps))
    .all('/gemini/*', (request, context) => handleGemini(request, deps, context))
  mountAdmin(router, deps)
  router.get('*', serveDashboard(deps, process.env.PINAI_DASHBOARD_DIR))
  router.all('*', (request) => {
    const pathname = new URL(request.url).pathname
    return errorResponse(notFound(request.method, pathname), inboundOf(pathname), deps.codecs)
  })
  return router
}

/** Whether a request goes to the admin API (`/api/…`). */
function isAdminPath(url: string): boolean {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  return url.startsWith('/api/', start)
}

function notFound(method: string, pathname: string) {
  return new GatewayError({
    kind: 'not_found',
    status: 404,
    code: 'not_found',
    message: `${method} ${pathname} is not a pinai route`,
  })
}

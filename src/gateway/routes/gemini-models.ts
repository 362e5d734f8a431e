import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import { isModelAllowed } from '../../routing/index.ts'
import { authenticateGeminiClient } from '../gemini-auth.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { requestableNames } from './models.ts'

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })

/** The names this caller may ask for. */
function namesFor(request: Request, deps: GatewayDeps): string[] {
  const state = deps.state()
  const caller = authenticateGeminiClient(state.auth, request)
  return requestableNames(state.table.names(), state.config.modelMapping).filter((name) =>
    isModelAllowed(caller.models, name),
  )
}

/** `GET /gemini/{version}/models`: Gemini's model page, `pageSize` and `pageToken` as Gemini pages it. */
export function listGeminiModels(request: Request, deps: GatewayDeps): Response {
  const names = namesFor(request, deps)
  const query = new URL(request.url).searchParams
  const size = Number(query.get('pageSize'))
  const token = query.get('pageToken')
  return json(
    deps.codecs.gemini.encodeModelList(names, {
      ...(size > 0 ? { limit: Math.floor(size) } : {}),
      ...(token ? { afterId: token } : {}),
    }),
  )
}

/** `GET /gemini/{version}/models/{model}`: one model, or Gemini's 404. */
export function showGeminiModel(request: Request, deps: GatewayDeps, model: string): Response {
  if (!namesFor(request, deps).includes(model)) {
    throw new GatewayError({
      kind: 'not_found',
      status: 404,
      code: 'model_not_found',
      message: `models/${model} is not found`,
    })
  }
  const page = deps.codecs.gemini.encodeModelList([model]) as { models: unknown[] }
  return json(page.models[0])
}

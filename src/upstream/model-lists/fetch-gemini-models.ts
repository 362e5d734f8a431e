import { GatewayError } from '../../ir/errors.ts'
import { upstreamUrl } from '../base-url.ts'
import { getJson } from './get-json.ts'
import type { ModelListRequest } from './model-list-fetcher.ts'

interface GeminiPage {
  models?: Array<{ name?: unknown; supportedGenerationMethods?: unknown }>
  nextPageToken?: string
}

/** Whether a listed model can answer `generateContent` (embedding and tuning models cannot). */
function generates(model: { supportedGenerationMethods?: unknown }): boolean {
  const methods = model.supportedGenerationMethods
  return !Array.isArray(methods) || methods.includes('generateContent')
}

/**
 * `GET /v1beta/models` of a Gemini upstream, following page tokens; `x-goog-api-key`, never the key
 * in the URL. Keeps models that can generate content and drops the `models/` prefix.
 */
export async function fetchGeminiModels(request: ModelListRequest): Promise<string[]> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (request.key) headers['x-goog-api-key'] = request.key
  const ids: string[] = []
  let token: string | undefined
  for (let page = 0; page < (request.maxPages ?? 50); page++) {
    const query = `pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`
    const body = (await getJson(upstreamUrl('gemini', request.baseUrl, `/v1beta/models?${query}`), {
      provider: request.provider,
      headers: { ...headers, ...request.headers },
      timeoutMs: request.timeoutMs,
      secrets: request.key ? [request.key] : [],
      fetch: request.fetch,
      signal: request.signal,
    })) as GeminiPage | null
    if (!body || !Array.isArray(body.models)) {
      // An empty list may come without the field at all.
      if (body && typeof body === 'object' && !('models' in body)) break
      throw new GatewayError({ kind: 'upstream', status: 502, provider: request.provider, message: 'the model list has no models array' })
    }
    for (const model of body.models) {
      if (typeof model.name !== 'string' || !model.name || !generates(model)) continue
      ids.push(model.name.startsWith('models/') ? model.name.slice('models/'.length) : model.name)
    }
    if (!body.nextPageToken || body.nextPageToken === token) break
    token = body.nextPageToken
  }
  return ids
}

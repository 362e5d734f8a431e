import { GatewayError } from '../../ir/errors.ts'
import { collectModelPages, getModelPage } from './get-model-page.ts'
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
export function fetchGeminiModels(request: ModelListRequest): Promise<string[]> {
  return collectModelPages(request, async (token) => {
    const query = `pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`
    const body = (await getModelPage(request, 'gemini', `/v1beta/models?${query}`)) as GeminiPage | null
    if (!body || !Array.isArray(body.models)) {
      // An empty list may come without the field at all.
      if (body && typeof body === 'object' && !('models' in body)) return { ids: [] }
      throw new GatewayError({
        kind: 'upstream',
        status: 502,
        provider: request.provider,
        message: 'the model list has no models array',
      })
    }
    const ids = body.models.flatMap((model) => {
      if (typeof model.name !== 'string' || !model.name || !generates(model)) return []
      return [model.name.startsWith('models/') ? model.name.slice('models/'.length) : model.name]
    })
    return { ids, next: body.nextPageToken }
  })
}

import { GatewayError } from '../../ir/errors.ts'
import { collectModelPages, getModelPage } from './get-model-page.ts'
import type { ModelListRequest } from './model-list-fetcher.ts'

interface AnthropicPage {
  data?: Array<{ id?: unknown }>
  has_more?: boolean
  last_id?: string | null
}

/** `GET /v1/models` of an Anthropic upstream, following `after_id` pages; `x-api-key`. */
export function fetchAnthropicModels(request: ModelListRequest): Promise<string[]> {
  return collectModelPages(request, async (after) => {
    const query = `limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`
    const body = (await getModelPage(request, 'anthropic', `/v1/models?${query}`)) as AnthropicPage | null
    if (!body || !Array.isArray(body.data)) {
      throw new GatewayError({
        kind: 'upstream',
        status: 502,
        provider: request.provider,
        message: 'the model list has no data array',
      })
    }
    const ids = body.data.flatMap((item) => (typeof item.id === 'string' && item.id ? [item.id] : []))
    return { ids, next: body.has_more ? (body.last_id ?? undefined) : undefined }
  })
}

import { GatewayError } from '../../ir/errors.ts'
import { upstreamUrl } from '../base-url.ts'
import { getJson } from './get-json.ts'
import type { ModelListRequest } from './model-list-fetcher.ts'

interface AnthropicPage {
  data?: Array<{ id?: unknown }>
  has_more?: boolean
  last_id?: string | null
}

/** `GET /v1/models` of an Anthropic upstream, following `after_id` pages; `x-api-key`. */
export async function fetchAnthropicModels(request: ModelListRequest): Promise<string[]> {
  const headers: Record<string, string> = { accept: 'application/json', 'anthropic-version': '2023-06-01' }
  if (request.key) headers['x-api-key'] = request.key
  const ids: string[] = []
  let after: string | undefined
  for (let page = 0; page < (request.maxPages ?? 50); page++) {
    const query = `limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`
    const body = (await getJson(upstreamUrl('anthropic', request.baseUrl, `/v1/models?${query}`), {
      provider: request.provider,
      headers: { ...headers, ...request.headers },
      timeoutMs: request.timeoutMs,
      secrets: request.key ? [request.key] : [],
      fetch: request.fetch,
      signal: request.signal,
    })) as AnthropicPage | null
    if (!body || !Array.isArray(body.data)) {
      throw new GatewayError({ kind: 'upstream', status: 502, provider: request.provider, message: 'the model list has no data array' })
    }
    for (const item of body.data) if (typeof item.id === 'string' && item.id) ids.push(item.id)
    const next = body.last_id ?? undefined
    if (!body.has_more || !next || next === after) break
    after = next
  }
  return ids
}

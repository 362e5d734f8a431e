import { GatewayError } from '../../ir/errors.ts'
import { upstreamUrl } from '../base-url.ts'
import { getJson } from './get-json.ts'
import type { ModelListRequest } from './model-list-fetcher.ts'

/** `GET /v1/models` of an OpenAI-compatible upstream; `Authorization: Bearer`. */
export async function fetchOpenAIModels(request: ModelListRequest): Promise<string[]> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (request.key) headers.authorization = `Bearer ${request.key}`
  const body = await getJson(upstreamUrl('openai', request.baseUrl, '/models'), {
    provider: request.provider,
    headers: { ...headers, ...request.headers },
    timeoutMs: request.timeoutMs,
    secrets: request.key ? [request.key] : [],
    fetch: request.fetch,
    signal: request.signal,
  })
  // `{ object: 'list', data: [...] }`; a few relays answer with the bare array.
  const data = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) {
    throw new GatewayError({ kind: 'upstream', status: 502, provider: request.provider, message: 'the model list has no data array' })
  }
  return data.flatMap((item) => {
    const id = (item as { id?: unknown } | null)?.id
    return typeof id === 'string' && id ? [id] : []
  })
}

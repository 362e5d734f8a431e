import { GatewayError } from '../../ir/errors.ts'
import { getModelPage } from './get-model-page.ts'
import type { ModelListRequest } from './model-list-fetcher.ts'

/** `GET /v1/models` of an OpenAI-compatible upstream; `Authorization: Bearer`. */
export async function fetchOpenAIModels(request: ModelListRequest): Promise<string[]> {
  const body = await getModelPage(request, 'openai', '/models')
  // `{ object: 'list', data: [...] }`; a few relays answer with the bare array.
  const data = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) {
    throw new GatewayError({
      kind: 'upstream',
      status: 502,
      provider: request.provider,
      message: 'the model list has no data array',
    })
  }
  return data.flatMap((item) => {
    const id = (item as { id?: unknown } | null)?.id
    return typeof id === 'string' && id ? [id] : []
  })
}

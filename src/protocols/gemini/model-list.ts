import type { ModelListEntry, ModelListOptions } from '../codec.ts'
import { bareModelId } from './paths.ts'
import type { GeminiModel, GeminiModelPage } from './wire-types.ts'

/** One upstream model, as the gateway needs it (the id without `models/`). */
export interface GeminiModelInfo {
  id: string
  displayName?: string
  inputTokenLimit?: number
  outputTokenLimit?: number
  /** `supportedGenerationMethods`: `generateContent` for chat, `embedContent` for embeddings. */
  methods: string[]
  thinking?: boolean
}

function isModel(value: unknown): value is GeminiModel {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
}

/** One page of `GET /v1beta/models` → models with bare ids, and the token of the next page if any. */
export function decodeModelPage(body: unknown): { models: GeminiModelInfo[]; nextPageToken?: string } {
  const page = (typeof body === 'object' && body !== null ? body : {}) as GeminiModelPage
  const models = (Array.isArray(page.models) ? page.models : []).filter(isModel).map((model): GeminiModelInfo => ({
    id: bareModelId(model.name),
    methods: model.supportedGenerationMethods ?? [],
    ...(model.displayName === undefined ? {} : { displayName: model.displayName }),
    ...(model.inputTokenLimit === undefined ? {} : { inputTokenLimit: model.inputTokenLimit }),
    ...(model.outputTokenLimit === undefined ? {} : { outputTokenLimit: model.outputTokenLimit }),
    ...(model.thinking === undefined ? {} : { thinking: model.thinking }),
  }))
  const token = page.nextPageToken
  return typeof token === 'string' && token !== '' ? { models, nextPageToken: token } : { models }
}

/** Exposed names → a Gemini-shaped model list (Gemini as the client protocol), `afterId` as page token. */
export function encodeModelList(names: (string | ModelListEntry)[], options: ModelListOptions = {}): GeminiModelPage {
  const entries = names.map((entry) => (typeof entry === 'string' ? { id: entry } : entry))
  const start = options.afterId === undefined ? 0 : entries.findIndex((entry) => entry.id === options.afterId) + 1
  const limit = options.limit ?? entries.length
  const slice = entries.slice(start, start + limit)
  const page: GeminiModelPage = {
    models: slice.map((entry) => ({
      name: `models/${entry.id}`,
      displayName: entry.displayName ?? entry.id,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    })),
  }
  const last = slice.at(-1)
  if (start + limit < entries.length && last !== undefined) page.nextPageToken = last.id
  return page
}

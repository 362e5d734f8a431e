export { fetchOpenAIModels } from './fetch-openai-models.ts'
export { fetchAnthropicModels } from './fetch-anthropic-models.ts'
export { fetchGeminiModels } from './fetch-gemini-models.ts'
export {
  fetchProviderModels,
  modelListFetchers,
  type ProviderTarget,
  type ProviderModels,
  type KeyResult,
  type FetchModelsOptions,
} from './fetch-provider-models.ts'
export { fetchManyProviders, type FetchProgress } from './fetch-many-providers.ts'
export type { ModelListRequest, ModelListFetcher } from './model-list-fetcher.ts'
export { redactSecrets } from './redact-secrets.ts'

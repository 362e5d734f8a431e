import type { UpstreamProtocol } from '../base-url.ts'
import { fetchAnthropicModels } from './fetch-anthropic-models.ts'
import { fetchGeminiModels } from './fetch-gemini-models.ts'
import { fetchOpenAIModels } from './fetch-openai-models.ts'
import type { ModelListFetcher } from './model-list-fetcher.ts'

/** The fetcher of each protocol. */
export const modelListFetchers: Record<UpstreamProtocol, ModelListFetcher> = {
  openai: fetchOpenAIModels,
  anthropic: fetchAnthropicModels,
  gemini: fetchGeminiModels,
  // A Responses upstream is an OpenAI endpoint: the same `/models`.
  'openai-responses': fetchOpenAIModels,
}

/** A provider as the fetchers need it: keys already resolved to their values. */
export interface ProviderTarget {
  name: string
  protocol: UpstreamProtocol
  baseUrl: string
  keys: readonly string[]
  headers?: Record<string, string>
}

/** Options of {@link fetchProviderModels}. */
export interface FetchModelsOptions {
  /** Per request (default 30 s). */
  timeoutMs?: number
  /** Pause between two keys of one provider; relays rate-limit (default none). */
  pauseMs?: number
  fetch?: typeof fetch
  signal?: AbortSignal
}

/** What one key's request gave. Keys are named by position (`key 1`), never by value. */
export interface KeyResult {
  label: string
  count?: number
  error?: string
}

/** A provider's upstream model list: the union over its keys. */
export interface ProviderModels {
  provider: string
  /** Every id any key can use, sorted. */
  ids: string[]
  /** True when every key answered; only then may models missing upstream be pruned. */
  complete: boolean
  keys: KeyResult[]
  /** Set when no key answered. */
  error?: string
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

/**
 * Fetches a provider's model list with each of its keys in turn (a relay may give keys different
 * models), pausing between keys. A failing key is reported and the others still count.
 */
export async function fetchProviderModels(
  provider: ProviderTarget,
  options: FetchModelsOptions = {},
): Promise<ProviderModels> {
  const fetcher = modelListFetchers[provider.protocol]
  const keys: Array<string | undefined> = provider.keys.length > 0 ? [...provider.keys] : [undefined]
  const ids = new Set<string>()
  const results: KeyResult[] = []
  for (const [index, key] of keys.entries()) {
    if (index > 0 && options.pauseMs) await sleep(options.pauseMs, options.signal)
    const label = key === undefined ? 'no key' : `key ${index + 1}`
    try {
      const found = await fetcher({
        provider: provider.name,
        baseUrl: provider.baseUrl,
        key,
        headers: provider.headers,
        timeoutMs: options.timeoutMs ?? 30_000,
        fetch: options.fetch,
        signal: options.signal,
      })
      for (const id of found) ids.add(id)
      results.push({ label, count: found.length })
    } catch (error) {
      results.push({ label, error: (error as Error).message })
    }
  }
  const failed = results.filter((result) => result.error !== undefined)
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const summary: ProviderModels = { provider: provider.name, ids: sorted, complete: failed.length === 0, keys: results }
  if (failed.length === results.length) {
    summary.error =
      results.length === 1
        ? (failed[0]?.error ?? 'failed')
        : failed.map((result) => `${result.label}: ${result.error}`).join('; ')
  }
  return summary
}

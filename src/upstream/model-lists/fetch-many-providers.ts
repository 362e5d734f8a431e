import {
  fetchProviderModels,
  type FetchModelsOptions,
  type ProviderModels,
  type ProviderTarget,
} from './fetch-provider-models.ts'

/** Progress of {@link fetchManyProviders}: called when a provider starts and when it is done. */
export type FetchProgress = (event: { provider: string; done: number; total: number; result?: ProviderModels }) => void

/** Fetches several providers' lists, a few at a time; one provider's failure never stops the others. */
export async function fetchManyProviders(
  providers: readonly ProviderTarget[],
  options: FetchModelsOptions & { concurrency?: number; onProgress?: FetchProgress } = {},
): Promise<ProviderModels[]> {
  const results: ProviderModels[] = new Array<ProviderModels>(providers.length)
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < providers.length) {
      const index = next++
      const provider = providers[index] as ProviderTarget
      options.onProgress?.({ provider: provider.name, done, total: providers.length })
      const result = await fetchProviderModels(provider, options)
      results[index] = result
      done++
      options.onProgress?.({ provider: provider.name, done, total: providers.length, result })
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, providers.length) }, worker))
  return results
}

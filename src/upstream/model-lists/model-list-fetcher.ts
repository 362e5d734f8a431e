/** Where and how to fetch one model list with one key. */
export interface ModelListRequest {
  provider: string
  baseUrl: string
  /** The resolved key; undefined for an upstream without auth. */
  key: string | undefined
  /** Provider headers, added last. */
  headers?: Record<string, string>
  timeoutMs: number
  fetch?: typeof fetch
  signal?: AbortSignal
  /** Safety bound for paginated lists. */
  maxPages?: number
}

/** Fetches the ids of the models an upstream offers to one key. */
export type ModelListFetcher = (request: ModelListRequest) => Promise<string[]>

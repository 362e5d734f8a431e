/** What one load run measured, whichever generator ran it. */
export interface LoadResult {
  /** Completed responses (2xx; failures are counted in `errors`). */
  requests: number
  durationMs: number
  requestsPerSecond: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  /** Connect, read, write and timeout errors, and non-2xx answers. */
  errors: number
  generator: 'wrk' | 'node'
}

/** One load run: a request repeated by `connections` clients for `durationS` seconds. */
export interface LoadOptions {
  url: string
  headers: Record<string, string>
  body: string
  connections: number
  /** Seconds (wrk rounds to whole seconds, at least 1). */
  durationS: number
  /** Stop early after this many responses (the Node generator only: wrk always runs its duration). */
  maxRequests?: number
  /** CPU list for `taskset -c`, when pinning. */
  cpus?: string
}

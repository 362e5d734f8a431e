import { Pool } from 'undici'
import type { LoadOptions, LoadResult } from './load-result.ts'

/** The value below which `fraction` of the sorted `values` fall. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))
  return sorted[index] as number
}

/**
 * The fallback load generator when wrk is not installed: `connections` keep-alive clients in this
 * process, each sending the next request when its answer has been read. It costs more CPU than wrk
 * (and does not pin), so its figures are lower than wrk's; the report says which generator ran.
 */
export async function runNodeLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url)
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1 })
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  const deadline = started + options.durationS * 1000
  const enough = () =>
    performance.now() >= deadline || (options.maxRequests !== undefined && latencies.length >= options.maxRequests)
  const client = async () => {
    while (!enough()) {
      const sent = performance.now()
      try {
        const response = await pool.request({
          path: url.pathname + url.search,
          method: 'POST',
          headers: options.headers,
          body: options.body,
        })
        for await (const chunk of response.body) void chunk
        if (response.statusCode >= 200 && response.statusCode < 300) latencies.push(performance.now() - sent)
        else errors += 1
      } catch {
        errors += 1
      }
    }
  }
  await Promise.all(Array.from({ length: options.connections }, client))
  const durationMs = performance.now() - started
  await pool.close()
  latencies.sort((a, b) => a - b)
  return {
    requests: latencies.length,
    durationMs,
    requestsPerSecond: (latencies.length * 1000) / durationMs,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? 0,
    errors,
    generator: 'node',
  }
}

import type { CellResult } from './bench-result.ts'

/**
 * One cell's result from its slices: the targets of a cell take turns in short slices, so that the
 * machine's drift (this VM's speed moves by ±30% within a minute) falls on all of them alike. Counts
 * and times add up; latency percentiles are the slices' weighted by their requests (wrk reports only
 * percentiles); peaks and the event-loop delay take the worst slice.
 */
export function combineSlices(slices: readonly CellResult[]): CellResult {
  const first = slices[0]
  if (!first) throw new Error('combineSlices needs at least one slice')
  if (slices.length === 1) return first
  const sum = (read: (slice: CellResult) => number) => slices.reduce((total, slice) => total + read(slice), 0)
  const worst = (read: (slice: CellResult) => number) => Math.max(...slices.map(read))
  const requests = sum((slice) => slice.load.requests)
  const byRequests = (read: (slice: CellResult) => number) =>
    requests > 0 ? sum((slice) => read(slice) * slice.load.requests) / requests : worst(read)
  const durationMs = sum((slice) => slice.load.durationMs)
  const last = slices[slices.length - 1] as CellResult
  const foreign = slices.every((slice) => slice.foreignCpus !== undefined)
    ? sum((slice) => (slice.foreignCpus ?? 0) * slice.load.durationMs) / durationMs
    : undefined
  return {
    scenario: first.scenario,
    concurrency: first.concurrency,
    target: first.target,
    load: {
      requests,
      durationMs,
      requestsPerSecond: durationMs > 0 ? (requests * 1000) / durationMs : 0,
      p50Ms: byRequests((slice) => slice.load.p50Ms),
      p90Ms: byRequests((slice) => slice.load.p90Ms),
      p99Ms: byRequests((slice) => slice.load.p99Ms),
      maxMs: worst((slice) => slice.load.maxMs),
      errors: sum((slice) => slice.load.errors),
      generator: first.load.generator,
    },
    probe: {
      cpuMs: sum((slice) => slice.probe.cpuMs),
      peakRssBytes: worst((slice) => slice.probe.peakRssBytes),
      heapUsedBytes: last.probe.heapUsedBytes,
      heapTotalBytes: last.probe.heapTotalBytes,
      rssBytes: last.probe.rssBytes,
      loopDelayP50Ms: worst((slice) => slice.probe.loopDelayP50Ms),
      loopDelayP99Ms: worst((slice) => slice.probe.loopDelayP99Ms),
      loopDelayMaxMs: worst((slice) => slice.probe.loopDelayMaxMs),
      windowMs: sum((slice) => slice.probe.windowMs),
    },
    foreignCpus: foreign,
    tries: first.tries,
  }
}

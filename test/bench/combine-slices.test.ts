import { describe, expect, it } from 'vitest'
import type { CellResult } from '../../bench/bench-result.ts'
import { combineSlices } from '../../bench/combine-slices.ts'

function slice(
  requests: number,
  durationMs: number,
  p50Ms: number,
  cpuMs: number,
  peakMiB: number,
  delayP99Ms: number,
  foreignCpus: number,
): CellResult {
  return {
    scenario: 'openai-json',
    concurrency: 16,
    target: 'pinai',
    load: {
      requests,
      durationMs,
      requestsPerSecond: (requests * 1000) / durationMs,
      p50Ms,
      p90Ms: p50Ms * 2,
      p99Ms: p50Ms * 4,
      maxMs: p50Ms * 10,
      errors: 1,
      generator: 'wrk',
    },
    probe: {
      cpuMs,
      peakRssBytes: peakMiB * 2 ** 20,
      heapUsedBytes: 1,
      heapTotalBytes: 2,
      rssBytes: peakMiB * 2 ** 20,
      loopDelayP50Ms: 1,
      loopDelayP99Ms: delayP99Ms,
      loopDelayMaxMs: delayP99Ms * 2,
      windowMs: durationMs,
    },
    foreignCpus: foreignCpus,
    tries: 1,
  }
}

describe('combineSlices', () => {
  it('adds counts and times, weighs percentiles by requests, and keeps the worst peak and delay', () => {
    const cell = combineSlices([slice(3000, 1000, 1, 600, 200, 5, 0), slice(1000, 1000, 3, 400, 250, 9, 0.2)])
    expect(cell.load).toMatchObject({
      requests: 4000,
      durationMs: 2000,
      requestsPerSecond: 2000,
      p50Ms: 1.5,
      p99Ms: 6,
      maxMs: 30,
      errors: 2,
    })
    expect(cell.probe).toMatchObject({
      cpuMs: 1000,
      peakRssBytes: 250 * 2 ** 20,
      loopDelayP99Ms: 9,
      loopDelayMaxMs: 18,
      windowMs: 2000,
    })
    expect(cell.foreignCpus).toBeCloseTo(0.1)
  })

  it('gives a single slice back as it is, and refuses none', () => {
    const only = slice(10, 1000, 1, 5, 100, 2, 0)
    expect(combineSlices([only])).toBe(only)
    expect(() => combineSlices([])).toThrow()
  })
})

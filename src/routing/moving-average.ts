import type { LatencyStats } from './health.ts'

/** Adds a sample to an exponentially weighted moving average (the first sample is taken as is). */
export function addSample(stats: LatencyStats | undefined, sample: number, at: number, alpha: number): LatencyStats {
  if (!stats) return { averageMs: sample, samples: 1, at }
  return { averageMs: stats.averageMs + alpha * (sample - stats.averageMs), samples: stats.samples + 1, at }
}

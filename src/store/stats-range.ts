import { invalidParameter } from './invalid-parameter.ts'
import { MINUTE_MS, floorMinute } from './rollup.ts'

const HOUR_MS = 60 * MINUTE_MS

/** The ranges the stats endpoints accept, with their length and chart bucket. */
export const STATS_RANGES = {
  '24h': { lengthMs: 24 * HOUR_MS, bucketMs: 15 * MINUTE_MS },
  '7d': { lengthMs: 7 * 24 * HOUR_MS, bucketMs: HOUR_MS },
  '30d': { lengthMs: 30 * 24 * HOUR_MS, bucketMs: 6 * HOUR_MS },
} as const

/** A name of {@link STATS_RANGES}. */
export type StatsRangeName = keyof typeof STATS_RANGES

/** The window a stats request covers, in whole rollup minutes: `from` inclusive, `to` exclusive. */
export interface StatsWindow {
  range: StatsRangeName
  from: number
  to: number
  bucketMs: number
}

/** Reads `range` (default `24h`) into the minute-aligned window ending with the minute that holds `now`. */
export function parseStatsRange(params: URLSearchParams, now: number): StatsWindow {
  const value = params.get('range') ?? '24h'
  if (!Object.hasOwn(STATS_RANGES, value))
    throw invalidParameter('range', `expected one of ${Object.keys(STATS_RANGES).join(', ')}`)
  const range = value as StatsRangeName
  const { lengthMs, bucketMs } = STATS_RANGES[range]
  const to = floorMinute(now) + MINUTE_MS
  return { range, from: to - lengthMs, to, bucketMs }
}

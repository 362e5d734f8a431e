import { countsAsCall, type RequestRecord } from './request-record.ts'

/** Length of one rollup slot. */
export const MINUTE_MS = 60_000

/** The per-minute sums for one (minute, model, provider): one row of the rollups table. */
export interface RollupDelta {
  minute: number
  model: string
  provider: string
  requests: number
  successes: number
  ttftSum: number
  ttftCount: number
  promptTokens: number
  completionTokens: number
}

/** Start of the minute containing `time`. */
export function floorMinute(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS
}

/**
 * What one record adds to its (minute, mapped model, final provider) rollup: the single place that
 * decides it, for every driver. TTFT counts only for streamed requests that recorded one (the gateway
 * measures it on the successful attempt); tokens count whatever the request reported. A record that is
 * not a model call (`count_tokens`) adds nothing: the callers leave it out ({@link countsAsCall}).
 */
export function rollupOf(record: RequestRecord): RollupDelta {
  const timed = record.stream && record.ttftMs !== undefined
  return {
    minute: floorMinute(record.time),
    model: record.mappedModel,
    provider: record.provider ?? '',
    requests: 1,
    successes: record.success ? 1 : 0,
    ttftSum: timed ? (record.ttftMs as number) : 0,
    ttftCount: timed ? 1 : 0,
    promptTokens: record.promptTokens ?? 0,
    completionTokens: record.completionTokens ?? 0,
  }
}

/** Folds records into per-minute rollups: the sum of {@link rollupOf} per (minute, mapped model, final provider). */
export function rollupRecords(records: readonly RequestRecord[]): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>()
  for (const record of records) {
    if (!countsAsCall(record.kind)) continue
    const delta = rollupOf(record)
    const key = JSON.stringify([delta.minute, delta.model, delta.provider])
    const sum = byKey.get(key)
    if (sum) addRollup(sum, delta)
    else byKey.set(key, delta)
  }
  return [...byKey.values()]
}

/** The six sums a rollup row, a delta and an aggregate row all carry. */
export type RollupSums = Pick<
  RollupDelta,
  'requests' | 'successes' | 'ttftSum' | 'ttftCount' | 'promptTokens' | 'completionTokens'
>

/** Adds one set of sums into another (a delta into its rollup row, a row into an aggregate). */
export function addRollup(sum: RollupSums, delta: RollupSums): void {
  sum.requests += delta.requests
  sum.successes += delta.successes
  sum.ttftSum += delta.ttftSum
  sum.ttftCount += delta.ttftCount
  sum.promptTokens += delta.promptTokens
  sum.completionTokens += delta.completionTokens
}

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
 * Folds records into per-minute rollups, one delta per (minute, mapped model, final provider).
 * `count_tokens` calls are left out: they are not model calls.
 * TTFT counts only for streamed requests that recorded one (the gateway measures it on the successful
 * attempt); tokens count whatever the request reported.
 */
export function rollupRecords(records: readonly RequestRecord[]): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>()
  for (const record of records) {
    if (!countsAsCall(record.kind)) continue
    const minute = floorMinute(record.time)
    const model = record.mappedModel
    const provider = record.provider ?? ''
    const key = JSON.stringify([minute, model, provider])
    let delta = byKey.get(key)
    if (!delta) {
      delta = { minute, model, provider, requests: 0, successes: 0, ttftSum: 0, ttftCount: 0, promptTokens: 0, completionTokens: 0 }
      byKey.set(key, delta)
    }
    delta.requests += 1
    if (record.success) delta.successes += 1
    if (record.stream && record.ttftMs !== undefined) {
      delta.ttftSum += record.ttftMs
      delta.ttftCount += 1
    }
    delta.promptTokens += record.promptTokens ?? 0
    delta.completionTokens += record.completionTokens ?? 0
  }
  return [...byKey.values()]
}

import { GatewayError } from '../ir/errors.ts'
import type { LiveStats } from './live-stats.ts'
import { encodeLogCursor } from './log-cursor.ts'
import { parseLogQuery } from './parse-log-query.ts'
import type { Recorder } from './recorder.ts'
import type { RequestRecord } from './request-record.ts'
import { parseStatsRange, type StatsRangeName } from './stats-range.ts'
import type { AggregateRow, LogSummary, Store } from './store.ts'

// The functions behind the admin routes (`/api/stats/*`, `/api/logs`): plain data in, JSON-able objects out.
// Bad parameters throw a 400 GatewayError naming the parameter; stats read only the per-minute rollups.

/** The window every stats answer covers. */
export interface StatsWindowInfo {
  range: StatsRangeName
  /** Inclusive start, ms since the epoch (minute-aligned). */
  from: number
  /** Exclusive end: the end of the current minute. */
  to: number
}

/** `GET /api/stats/overview`. */
export interface StatsOverview extends StatsWindowInfo {
  requests: number
  successes: number
  errors: number
  /** Successful client requests / all client requests (0…1), null without requests. */
  successRate: number | null
  /** Mean TTFT of streamed requests in ms, null when none recorded one. */
  avgTtftMs: number | null
  promptTokens: number
  completionTokens: number
}

/** One bucket of `GET /api/stats/series`. */
export interface StatsPoint {
  /** Start of the bucket. */
  time: number
  requests: number
  errors: number
  promptTokens: number
  completionTokens: number
  avgTtftMs: number | null
}

/** `GET /api/stats/series`: every bucket of the window, empty ones included. */
export interface StatsSeries extends StatsWindowInfo {
  bucketMs: number
  points: StatsPoint[]
}

/** One model or provider in a top-5 list. */
export interface TopEntry {
  name: string
  requests: number
  successes: number
  promptTokens: number
  completionTokens: number
  tokens: number
}

/** `GET /api/stats/top`. */
export interface StatsTop extends StatsWindowInfo {
  modelsByCalls: TopEntry[]
  providersByCalls: TopEntry[]
  modelsByTokens: TopEntry[]
  providersByTokens: TopEntry[]
}

/** `GET /api/logs`: a page newest first; pass `nextCursor` back as `cursor` for the next one. */
export interface LogList {
  items: LogSummary[]
  nextCursor: string | null
}

const TOP_COUNT = 5

function averageTtft(row: AggregateRow): number | null {
  return row.ttftCount > 0 ? Math.round(row.ttftSum / row.ttftCount) : null
}

/** `GET /api/stats/live`: QPS over the last 60 s, RPM, requests in flight, and the last 60 s per second. */
export function statsLive(recorder: Recorder): LiveStats {
  return recorder.live()
}

/** `GET /api/stats/overview?range=24h|7d|30d`: totals, success rate, average stream TTFT, tokens. */
export async function statsOverview(
  store: Store,
  params: URLSearchParams,
  now: number = Date.now(),
): Promise<StatsOverview> {
  const { range, from, to } = parseStatsRange(params, now)
  const [row] = await store.aggregate({ from, to })
  const sums = row ?? { requests: 0, successes: 0, ttftSum: 0, ttftCount: 0, promptTokens: 0, completionTokens: 0 }
  return {
    range,
    from,
    to,
    requests: sums.requests,
    successes: sums.successes,
    errors: sums.requests - sums.successes,
    successRate: sums.requests > 0 ? sums.successes / sums.requests : null,
    avgTtftMs: averageTtft(sums),
    promptTokens: sums.promptTokens,
    completionTokens: sums.completionTokens,
  }
}

/** `GET /api/stats/series?range=…`: requests, errors, tokens and TTFT per bucket (15 min, 1 h or 6 h). */
export async function statsSeries(
  store: Store,
  params: URLSearchParams,
  now: number = Date.now(),
): Promise<StatsSeries> {
  const { range, from, to, bucketMs } = parseStatsRange(params, now)
  const rows = await store.aggregate({ from, to, bucketMs })
  const byBucket = new Map(rows.map((row) => [row.bucket, row]))
  const points: StatsPoint[] = []
  for (let time = from - (from % bucketMs); time < to; time += bucketMs) {
    const row = byBucket.get(time)
    points.push({
      time,
      requests: row?.requests ?? 0,
      errors: row ? row.requests - row.successes : 0,
      promptTokens: row?.promptTokens ?? 0,
      completionTokens: row?.completionTokens ?? 0,
      avgTtftMs: row ? averageTtft(row) : null,
    })
  }
  return { range, from, to, bucketMs, points }
}

function topEntries(rows: readonly AggregateRow[]): { byCalls: TopEntry[]; byTokens: TopEntry[] } {
  const entries = rows
    .filter((row) => row.key)
    .map((row) => ({
      name: row.key ?? '',
      requests: row.requests,
      successes: row.successes,
      promptTokens: row.promptTokens,
      completionTokens: row.completionTokens,
      tokens: row.promptTokens + row.completionTokens,
    }))
  const byName = (a: TopEntry, b: TopEntry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  const byCalls = entries.filter((entry) => entry.requests > 0).sort((a, b) => b.requests - a.requests || byName(a, b))
  const byTokens = entries.filter((entry) => entry.tokens > 0).sort((a, b) => b.tokens - a.tokens || byName(a, b))
  return { byCalls: byCalls.slice(0, TOP_COUNT), byTokens: byTokens.slice(0, TOP_COUNT) }
}

/** `GET /api/stats/top?range=…`: top 5 models and providers by calls and by tokens. */
export async function statsTop(store: Store, params: URLSearchParams, now: number = Date.now()): Promise<StatsTop> {
  const { range, from, to } = parseStatsRange(params, now)
  const [models, providers] = await Promise.all([
    store.aggregate({ from, to, groupBy: 'model' }),
    store.aggregate({ from, to, groupBy: 'provider' }),
  ])
  const topModels = topEntries(models)
  const topProviders = topEntries(providers)
  return {
    range,
    from,
    to,
    modelsByCalls: topModels.byCalls,
    providersByCalls: topProviders.byCalls,
    modelsByTokens: topModels.byTokens,
    providersByTokens: topProviders.byTokens,
  }
}

/** `GET /api/logs?from&to&model&provider&success&stream&cursor&limit`: newest first, cursor paging. */
export async function listLogs(store: Store, params: URLSearchParams): Promise<LogList> {
  const query = parseLogQuery(params)
  const rows = await store.listLogs({ ...query, limit: query.limit + 1 })
  const items = rows.slice(0, query.limit)
  const last = items.at(-1)
  const nextCursor = rows.length > query.limit && last ? encodeLogCursor({ time: last.time, id: last.id }) : null
  return { items, nextCursor }
}

/** `GET /api/logs/:id`: one request with its attempts and error trace; unknown ids are a 404. */
export async function getLog(store: Store, id: string): Promise<RequestRecord> {
  const record = await store.getLog(id)
  if (!record)
    throw new GatewayError({
      kind: 'not_found',
      status: 404,
      code: 'log_not_found',
      message: `no request log with id ${id}`,
    })
  return record
}

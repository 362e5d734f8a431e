import type { AttemptRecord } from '../routing/attempt-record.ts'
import type { RequestRecord } from './request-record.ts'

/** Longest model, provider, client or key-label name kept (the SQL columns are VARCHAR(255)). */
export const NAME_LIMIT = 255
/** Longest error summary kept. */
export const ERROR_LIMIT = 1_000
/** Longest notes kept (what a request's translation dropped, docs/records.md "Notes"). */
export const NOTES_LIMIT = ERROR_LIMIT
/** Longest error trace kept, so one bad upstream cannot bloat the database. */
export const TRACE_LIMIT = 16_000

const SURROGATE = /[\ud800-\udfff]/
const HIGH_SURROGATE = /^[\ud800-\udbff]$/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** `input` cut to `limit` characters (an ellipsis ending a cut one), without NUL or a lone surrogate. */
export function clampText(input: string, limit: number): string {
  const value = typeof input === 'string' ? input : String(input ?? '')
  // PostgreSQL's TEXT refuses NUL, and an upstream's error body may carry one.
  let clean = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value
  // A client's JSON may hold a lone surrogate ("\ud800"); no UTF-8 column takes one, and each driver
  // would mangle it its own way.
  if (SURROGATE.test(clean)) clean = clean.replace(LONE_SURROGATE, '\ufffd')
  if (clean.length <= limit) return clean
  // Never cut a surrogate pair in two.
  const end = HIGH_SURROGATE.test(clean.charAt(limit - 2)) ? limit - 2 : limit - 1
  return `${clean.slice(0, end)}…`
}

function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), 2_147_483_647) : 0
}

/** A count that is kept: present and finite (what is not is left out). */
const isCount = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value)

function clampAttempt(attempt: AttemptRecord): AttemptRecord {
  const result: AttemptRecord = {
    provider: clampText(attempt.provider, NAME_LIMIT),
    keyLabel: clampText(attempt.keyLabel, NAME_LIMIT),
    upstreamModel: clampText(attempt.upstreamModel, NAME_LIMIT),
    status: count(attempt.status),
    durationMs: count(attempt.durationMs),
  }
  if (attempt.errorClass !== undefined) result.errorClass = attempt.errorClass
  if (attempt.error !== undefined) result.error = clampText(attempt.error, ERROR_LIMIT)
  return result
}

/**
 * A copy of a record that every driver can store: names and errors cut to their column sizes, counts
 * made non-negative integers, absent fields left out. The recorder applies it before buffering.
 */
export function clampRecord(record: RequestRecord): RequestRecord {
  const result: RequestRecord = {
    id: clampText(record.id, 64),
    time: Number.isFinite(record.time) ? Math.round(record.time) : Date.now(),
    client: clampText(record.client, NAME_LIMIT),
    inbound: clampText(record.inbound, 32),
    requestedModel: clampText(record.requestedModel, NAME_LIMIT),
    mappedModel: clampText(record.mappedModel, NAME_LIMIT),
    stream: record.stream === true,
    status: count(record.status),
    success: record.success === true,
    durationMs: count(record.durationMs),
    attempts: (record.attempts ?? []).map(clampAttempt),
  }
  // Optional fields are set one by one where present: a generic copy leaving out the undefined ones
  // (a for-in over every field) cost more than the clamping itself, on every request.
  if (record.kind === 'embeddings' || record.kind === 'count_tokens') result.kind = record.kind
  if (record.provider !== undefined) result.provider = clampText(record.provider, NAME_LIMIT)
  if (record.upstreamModel !== undefined) result.upstreamModel = clampText(record.upstreamModel, NAME_LIMIT)
  if (isCount(record.ttftMs)) result.ttftMs = count(record.ttftMs)
  if (isCount(record.promptTokens)) result.promptTokens = count(record.promptTokens)
  if (isCount(record.completionTokens)) result.completionTokens = count(record.completionTokens)
  if (isCount(record.cachedTokens)) result.cachedTokens = count(record.cachedTokens)
  if (isCount(record.reasoningTokens)) result.reasoningTokens = count(record.reasoningTokens)
  if (record.error !== undefined) result.error = clampText(record.error, ERROR_LIMIT)
  if (record.errorTrace !== undefined) result.errorTrace = clampText(record.errorTrace, TRACE_LIMIT)
  if (record.notes !== undefined) result.notes = clampText(record.notes, NOTES_LIMIT)
  return result
}

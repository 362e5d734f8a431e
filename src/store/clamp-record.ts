import type { AttemptRecord, RequestRecord } from './request-record.ts'
import { omitUndefined } from './omit-undefined.ts'

/** Longest model, provider, client or key-label name kept (the SQL columns are VARCHAR(255)). */
export const NAME_LIMIT = 255
/** Longest error summary kept. */
export const ERROR_LIMIT = 1_000
/** Longest error trace kept, so one bad upstream cannot bloat the database. */
export const TRACE_LIMIT = 16_000

function text(input: string, limit: number): string {
  const value = typeof input === 'string' ? input : String(input ?? '')
  // PostgreSQL's TEXT refuses NUL, and an upstream's error body may carry one.
  const clean = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean
}

function optionalText(value: string | undefined, limit: number): string | undefined {
  return value === undefined ? undefined : text(value, limit)
}

function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), 2_147_483_647) : 0
}

function optionalCount(value: number | undefined): number | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : count(value)
}


function clampAttempt(attempt: AttemptRecord): AttemptRecord {
  return omitUndefined({
    provider: text(attempt.provider, NAME_LIMIT),
    keyLabel: text(attempt.keyLabel, NAME_LIMIT),
    upstreamModel: text(attempt.upstreamModel, NAME_LIMIT),
    status: count(attempt.status),
    errorClass: attempt.errorClass,
    error: optionalText(attempt.error, ERROR_LIMIT),
    durationMs: count(attempt.durationMs),
  })
}

/**
 * A copy of a record that every driver can store: names and errors cut to their column sizes, counts
 * made non-negative integers, absent fields left out. The recorder applies it before buffering.
 */
export function clampRecord(record: RequestRecord): RequestRecord {
  return omitUndefined({
    id: text(record.id, 64),
    time: Number.isFinite(record.time) ? Math.round(record.time) : Date.now(),
    client: text(record.client, NAME_LIMIT),
    inbound: text(record.inbound, 32),
    requestedModel: text(record.requestedModel, NAME_LIMIT),
    mappedModel: text(record.mappedModel, NAME_LIMIT),
    provider: optionalText(record.provider, NAME_LIMIT),
    upstreamModel: optionalText(record.upstreamModel, NAME_LIMIT),
    stream: record.stream === true,
    status: count(record.status),
    success: record.success === true,
    durationMs: count(record.durationMs),
    ttftMs: optionalCount(record.ttftMs),
    promptTokens: optionalCount(record.promptTokens),
    completionTokens: optionalCount(record.completionTokens),
    cachedTokens: optionalCount(record.cachedTokens),
    reasoningTokens: optionalCount(record.reasoningTokens),
    error: optionalText(record.error, ERROR_LIMIT),
    errorTrace: optionalText(record.errorTrace, TRACE_LIMIT),
    attempts: (record.attempts ?? []).map(clampAttempt),
  })
}

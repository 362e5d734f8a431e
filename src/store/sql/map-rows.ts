import type { ErrorKind } from '../../ir/errors.ts'
import type { AttemptRecord } from '../../routing/attempt-record.ts'
import type { RequestKind, RequestRecord } from '../request-record.ts'
import type { RollupDelta } from '../rollup.ts'
import type { AggregateRow, LogSummary } from '../store.ts'
import type { SqlRow, SqlValue } from './sql-client.ts'
import { omitUndefined } from '../omit-undefined.ts'

/** Columns of `pinai_requests` in insert order. */
export const REQUEST_COLUMNS = [
  'id',
  'started_at',
  'client',
  'inbound',
  'requested_model',
  'mapped_model',
  'provider',
  'upstream_model',
  'stream',
  'status',
  'success',
  'duration_ms',
  'ttft_ms',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'error',
  'error_trace',
  'attempt_count',
  'kind',
  'notes',
] as const

/** Columns of `pinai_attempts` in insert order. */
export const ATTEMPT_COLUMNS = [
  'request_id',
  'seq',
  'provider',
  'key_label',
  'upstream_model',
  'status',
  'error_class',
  'error',
  'duration_ms',
] as const

/** Columns of `pinai_rollups` in insert order. */
export const ROLLUP_COLUMNS = [
  'minute_start',
  'model',
  'provider',
  'requests',
  'successes',
  'ttft_sum',
  'ttft_count',
  'prompt_tokens',
  'completion_tokens',
] as const

function integer(value: number | undefined): SqlValue {
  return value === undefined ? null : Math.round(value)
}

/** The values of one request row, in {@link REQUEST_COLUMNS} order. */
export function requestValues(record: RequestRecord): SqlValue[] {
  return [
    record.id,
    Math.round(record.time),
    record.client,
    record.inbound,
    record.requestedModel,
    record.mappedModel,
    record.provider ?? null,
    record.upstreamModel ?? null,
    record.stream ? 1 : 0,
    integer(record.status),
    record.success ? 1 : 0,
    integer(record.durationMs),
    integer(record.ttftMs),
    integer(record.promptTokens),
    integer(record.completionTokens),
    integer(record.cachedTokens),
    integer(record.reasoningTokens),
    record.error ?? null,
    record.errorTrace ?? null,
    record.attempts.length,
    // A model call (the common case) is stored as NULL, so its rows carry no text for it.
    record.kind === undefined || record.kind === 'generate' ? null : record.kind,
    record.notes ?? null,
  ]
}

/** The values of one attempt row, in {@link ATTEMPT_COLUMNS} order. */
export function attemptValues(requestId: string, seq: number, attempt: AttemptRecord): SqlValue[] {
  return [
    requestId,
    seq,
    attempt.provider,
    attempt.keyLabel,
    attempt.upstreamModel,
    integer(attempt.status),
    attempt.errorClass ?? null,
    attempt.error ?? null,
    integer(attempt.durationMs),
  ]
}

/** The values of one rollup row, in {@link ROLLUP_COLUMNS} order. */
export function rollupValues(delta: RollupDelta): SqlValue[] {
  return [
    delta.minute,
    delta.model,
    delta.provider,
    delta.requests,
    delta.successes,
    integer(delta.ttftSum),
    delta.ttftCount,
    delta.promptTokens,
    delta.completionTokens,
  ]
}

// Drivers hand back BIGINT and SUM() as strings or numbers; everything is converted here, once.
function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value)
}

function optionalNum(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value)
}

function optionalString(value: unknown): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a column's scalar: text, a number or a bigint
  return value === null || value === undefined ? undefined : String(value)
}

/** A logs-list row from a `pinai_requests` row. */
export function toLogSummary(row: SqlRow): LogSummary {
  return omitUndefined({
    id: String(row.id),
    time: num(row.started_at),
    client: String(row.client),
    inbound: String(row.inbound),
    kind: optionalString(row.kind) as RequestKind | undefined,
    requestedModel: String(row.requested_model),
    mappedModel: String(row.mapped_model),
    provider: optionalString(row.provider),
    upstreamModel: optionalString(row.upstream_model),
    stream: num(row.stream) === 1,
    status: num(row.status),
    success: num(row.success) === 1,
    durationMs: num(row.duration_ms),
    ttftMs: optionalNum(row.ttft_ms),
    promptTokens: optionalNum(row.prompt_tokens),
    completionTokens: optionalNum(row.completion_tokens),
    cachedTokens: optionalNum(row.cached_tokens),
    reasoningTokens: optionalNum(row.reasoning_tokens),
    error: optionalString(row.error),
    notes: optionalString(row.notes),
    attemptCount: num(row.attempt_count),
  })
}

/** An attempt from a `pinai_attempts` row. */
export function toAttempt(row: SqlRow): AttemptRecord {
  return omitUndefined({
    provider: String(row.provider),
    keyLabel: String(row.key_label),
    upstreamModel: String(row.upstream_model),
    status: num(row.status),
    errorClass: optionalString(row.error_class) as ErrorKind | undefined,
    error: optionalString(row.error),
    durationMs: num(row.duration_ms),
  })
}

/** A full record from its request row and attempt rows. */
export function toRequestRecord(row: SqlRow, attempts: readonly SqlRow[]): RequestRecord {
  const { attemptCount: _count, ...summary } = toLogSummary(row)
  return omitUndefined({ ...summary, errorTrace: optionalString(row.error_trace), attempts: attempts.map(toAttempt) })
}

/** An aggregate row from a SUM() query row. */
export function toAggregateRow(row: SqlRow): AggregateRow {
  return omitUndefined({
    bucket: optionalNum(row.bucket),
    key: optionalString(row.group_key),
    requests: num(row.requests),
    successes: num(row.successes),
    ttftSum: num(row.ttft_sum),
    ttftCount: num(row.ttft_count),
    promptTokens: num(row.prompt_tokens),
    completionTokens: num(row.completion_tokens),
  })
}

import type { GatewayError } from '../ir/errors.ts'
import type { Usage } from '../ir/usage.ts'
import type { AttemptRecord, RequestRecord } from '../store/request-record.ts'
import { newRequestId } from './request-id.ts'

/** Where finished request records go (the store's recorder, or nothing). */
export interface RecordSink {
  record(record: RequestRecord): void
  /** Marks a request in flight, for live figures; the returned function ends it. */
  begin?(): () => void
}

/** Collects what one client request did, and writes its record exactly once when it ends. */
export class RequestLog {
  readonly record: RequestRecord
  private readonly startedAt: number
  private done = false
  private readonly endInFlight: (() => void) | undefined
  private streamFailure: GatewayError | undefined

  constructor(
    private readonly sink: RecordSink | undefined,
    fields: { client: string; inbound: string; requestedModel: string; mappedModel: string; stream: boolean },
  ) {
    this.startedAt = performance.now()
    const time = Date.now()
    this.record = { id: newRequestId(time), time, ...fields, status: 0, success: false, durationMs: 0, attempts: [] }
    this.endInFlight = sink?.begin?.()
  }

  /** Adds one upstream attempt (the failover chain). */
  attempt(attempt: AttemptRecord): void {
    this.record.attempts.push(attempt)
    this.record.provider = attempt.provider
    this.record.upstreamModel = attempt.upstreamModel
  }

  /** Time to first content byte of the successful attempt, in ms. */
  firstByte(ttftMs: number): void {
    this.record.ttftMs = Math.round(ttftMs * 10) / 10
  }

  /** Merges usage read from the upstream's answer. */
  usage(usage: Partial<Usage> | undefined): void {
    if (!usage) return
    const record = this.record
    if (usage.inputTokens !== undefined) record.promptTokens = usage.inputTokens
    if (usage.outputTokens !== undefined) record.completionTokens = usage.outputTokens
    if (usage.cacheReadTokens !== undefined) record.cachedTokens = usage.cacheReadTokens
    if (usage.reasoningTokens !== undefined) record.reasoningTokens = usage.reasoningTokens
  }

  /** Notes an error event that reached the client inside an already committed stream. */
  streamError(error: GatewayError): void {
    this.streamFailure ??= error
  }

  /** The error event a committed stream carried, if any. */
  get lateFailure(): GatewayError | undefined {
    return this.streamFailure
  }

  /** Ends the request: success, or the error the client saw; writes the record once. */
  finish(status: number, failure?: GatewayError): void {
    if (this.done) return
    const error = failure ?? this.streamFailure
    this.done = true
    const record = this.record
    record.status = status
    record.success = !error && status < 400
    record.durationMs = Math.round((performance.now() - this.startedAt) * 10) / 10
    if (error) {
      record.error = error.message
      record.errorTrace = [error.kind + (error.code ? ` (${error.code})` : ''), error.message, error.upstreamBody].filter(Boolean).join('\n')
    }
    this.endInFlight?.()
    this.sink?.record(record)
  }
}

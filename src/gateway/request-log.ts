import type { GatewayError } from '../ir/errors.ts'
import type { Usage } from '../ir/usage.ts'
import type { AttemptRecord } from '../routing/index.ts'
import { clampText, NOTES_LIMIT } from '../store/clamp-record.ts'
import { countsAsCall, type RequestKind, type RequestRecord } from '../store/request-record.ts'
import { newRequestId } from './request-id.ts'

/** Where finished request records go (the store's recorder, or nothing). */
export interface RecordSink {
  record(record: RequestRecord): void
  /** Marks a request in flight, for live figures; the returned function ends it. */
  begin?(): () => void
  /** A record was opened (it will reach {@link record} once written). */
  opened?(): void
}

/** The fields a request's record starts with. */
export interface RequestLogFields {
  client: string
  inbound: string
  requestedModel: string
  mappedModel: string
  stream: boolean
  /** Absent for a model call. */
  kind?: RequestKind
}

/** How the client's answer ended, waiting to be written. */
interface Ending {
  status: number
  failure: GatewayError | undefined
  durationMs: number
}

/**
 * Collects what one client request did, and writes its record exactly once, after the last thing
 * that can change it. Two events close a record, in either order: the answer's end ({@link finish})
 * and the end of the failover loop ({@link attemptsDone}), which hands over every attempt. A stream
 * that a fast upstream finishes before the loop has noted its successful attempt therefore still gets
 * that attempt, its provider and its upstream model.
 */
export class RequestLog {
  readonly record: RequestRecord
  private readonly startedAt: number
  private readonly endInFlight: (() => void) | undefined
  private streamFailure: GatewayError | undefined
  private ending: Ending | undefined
  private attemptsOpen = false
  private written = false

  constructor(
    private readonly sink: RecordSink | undefined,
    fields: RequestLogFields,
    /** Removes secrets from the error texts an upstream sent (it may echo its key). */
    private readonly redact: (text: string) => string = keep,
  ) {
    this.startedAt = performance.now()
    const time = Date.now()
    const { client, inbound, requestedModel, mappedModel, stream, kind } = fields
    this.record = {
      id: newRequestId(time),
      time,
      client,
      inbound,
      requestedModel,
      mappedModel,
      stream,
      status: 0,
      success: false,
      durationMs: 0,
      attempts: [],
    }
    if (kind !== undefined) this.record.kind = kind
    this.endInFlight = countsAsCall(fields.kind) ? sink?.begin?.() : undefined
    sink?.opened?.()
  }

  /** The record's id, also sent to the client as `x-request-id`. */
  get id(): string {
    return this.record.id
  }

  /** The failover loop starts: the record waits for {@link attemptsDone} before it is written. */
  attemptsStarted(): void {
    if (!this.ending) this.attemptsOpen = true
  }

  /** Adds one upstream attempt (the failover chain), in the order the attempts ended. */
  attempt(attempt: AttemptRecord): void {
    this.record.attempts.push(attempt)
    this.record.provider = attempt.provider
    this.record.upstreamModel = attempt.upstreamModel
  }

  /** The failover loop has settled and handed over every attempt: an answer that already ended is written now. */
  attemptsDone(): void {
    this.attemptsOpen = false
    if (this.ending) this.write(this.ending)
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

  /** Notes what translating the request dropped or changed (once each, redacted; the record keeps them as one line). */
  note(message: string): void {
    const notes = this.record.notes
    // Notes as long as a store keeps them are full: a hostile upstream's stream could say much more.
    if (notes !== undefined && notes.length >= NOTES_LIMIT) return
    // Redacted before they are cut, so that no part of a secret is left for the redactor to miss.
    const clean = this.redact(message)
    if (notes === undefined) this.record.notes = clampText(clean, NOTES_LIMIT)
    else if (!notes.split('; ').includes(clean)) this.record.notes = clampText(`${notes}; ${clean}`, NOTES_LIMIT)
  }

  /** Notes an error event that reached the client inside an already committed stream. */
  streamError(error: GatewayError): void {
    this.streamFailure ??= error
  }

  /** The error event a committed stream carried, if any. */
  get lateFailure(): GatewayError | undefined {
    return this.streamFailure
  }

  /** Whether the client's answer has ended (the record may still wait for the failover loop). */
  get ended(): boolean {
    return this.ending !== undefined
  }

  /**
   * The client's answer ended: success, or the error the client saw. Only the first call counts; the
   * record is written now, or when the failover loop settles if it has not yet.
   */
  finish(status: number, failure?: GatewayError): void {
    if (this.ending) return
    if (failure) failure.requestId ??= this.record.id
    this.ending = { status, failure, durationMs: Math.round((performance.now() - this.startedAt) * 10) / 10 }
    this.endInFlight?.()
    if (!this.attemptsOpen) this.write(this.ending)
  }

  private write(ending: Ending): void {
    if (this.written) return
    this.written = true
    const error = ending.failure ?? this.streamFailure
    const record = this.record
    record.status = ending.status
    record.success = !error && ending.status < 400
    record.durationMs = ending.durationMs
    const redact = this.redact
    if (error) {
      record.error = redact(error.message)
      record.errorTrace = redact(
        [error.kind + (error.code ? ` (${error.code})` : ''), error.message, error.upstreamBody]
          .filter(Boolean)
          .join('\n'),
      )
    }
    for (const attempt of record.attempts) if (attempt.error !== undefined) attempt.error = redact(attempt.error)
    this.sink?.record(record)
  }
}

const keep = (text: string) => text

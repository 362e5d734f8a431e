import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { AbortLike } from '../../ir/abort-latch.ts'
import { GatewayError } from '../../ir/errors.ts'
import { toUpstreamError } from '../../upstream/http-client.ts'
import type { DirectResponse } from './direct-response.ts'
import { FrameSplitter } from './frame-splitter.ts'

/** How much one event may hold, and how long a stream may go without a whole event (0: no limit). */
export interface RelayBounds {
  frameLimit: number
  idleMs: number
}

const defaultBounds: RelayBounds = { frameLimit: 16 * 1024 * 1024, idleMs: 0 }

/** The per-read work of a relay: the upstream's frames in, the client's text out (passthrough or translation). */
export interface RelayStage {
  /** The frames one upstream read completed → the client's text; throws a typed error for an error before the commit point. */
  frames(frames: string[]): string
  /** The upstream ended → the client's closing text; may throw like {@link frames}. */
  end(): string
  /** After the commit point, a transport failure → the client's error event (or ''). */
  failure(error: GatewayError): string
  /** Whether the commit point has come (docs/architecture.md, "The life of a stream"): from then on, nothing can fail over. */
  readonly committed: boolean
}

/** How a relayed stream ended: normally, or with the failure the client saw (`aborted` when it left). */
export type RelayOutcome = { failure: GatewayError | undefined }

/**
 * An upstream SSE body relayed to the client as a Node stream, push-style: what the upstream sent in
 * one tick is split into frames, run through the stage as plain calls and pushed at once, as it came:
 * no async generator or promise per read (a chain of generators under `Readable.from` costs a promise
 * per read and per stage). `ready` resolves at the commit point, or rejects before it so that the attempt can
 * still fail over; `onDone` hears how it ended. After the commit the upstream is paused while the
 * client is slower (backpressure); it is destroyed when the client leaves.
 *
 * Given the client's Node response (`direct`), the relay writes to it itself from the commit point,
 * and is not read as a stream: what came before the commit is held and leaves with it.
 */
export class SseRelay extends Readable {
  /** The relay, at the commit point; rejected with the typed error when the stream failed before it. */
  readonly ready: Promise<SseRelay>
  private readonly decoder = new StringDecoder('utf8')
  private readonly splitter: FrameSplitter
  /** When the last whole event came: an upstream that sends bytes but no event is not making progress. */
  private progressAt = performance.now()
  private idleTimer: NodeJS.Timeout | undefined
  /** Upstream reads that came in this tick, not yet run through the stage. */
  private pending: Buffer[] = []
  private settled = false
  private finished = false
  private outcome: RelayOutcome | undefined
  private done: ((outcome: RelayOutcome) => void)[] = []
  private resolveReady!: (relay: SseRelay) => void
  private rejectReady!: (error: GatewayError) => void
  /** Text sent before the commit point while a direct response may still take the stream. */
  private early: string[] | undefined
  /** The client's response, once this relay has taken it. */
  private out: ServerResponse | undefined
  private draining = false

  constructor(
    private readonly body: Readable,
    private readonly stage: RelayStage,
    private readonly provider: string,
    private readonly signal: AbortLike,
    private readonly direct?: DirectResponse,
    bounds: RelayBounds = defaultBounds,
  ) {
    // One item per tick of upstream reads, as bytes: a consumer reading a backlog gets them apart, as they came.
    super({ objectMode: true, highWaterMark: 16 })
    this.splitter = new FrameSplitter(bounds.frameLimit, provider)
    if (bounds.idleMs > 0) this.watchProgress(bounds.idleMs)
    this.ready = new Promise<SseRelay>((resolve, reject) => {
      this.resolveReady = resolve
      this.rejectReady = reject
    })
    body.on('data', (chunk: Buffer) => this.onData(chunk))
    body.once('end', () => this.onEnd())
    // Not once: a second error after the first (a destroyed socket) must not go unheard and crash the process.
    body.on('error', (error: unknown) => this.onError(error))
    if (direct) this.early = []
  }

  /** Whether this relay writes to the client's response itself (read it as a stream otherwise). */
  get writesDirectly(): boolean {
    return this.out !== undefined
  }

  /** Tells `listener` how the stream ended (at once if it already has). */
  onDone(listener: (outcome: RelayOutcome) => void): void {
    if (this.outcome) listener(this.outcome)
    else this.done.push(listener)
  }

  /** Ends a committed stream from outside (shutdown): the client gets `error` as its protocol's error event. */
  interrupt(error: GatewayError): void {
    if (this.finished || !this.settled) return
    this.send(this.failureText(error))
    this.finish(error)
  }

  override _read(): void {
    if (this.body.isPaused()) this.body.resume()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clientLeft()
    callback(error)
  }

  /** The client left (or the response was dropped) before the end: cut the upstream. */
  private clientLeft(): void {
    if (this.finished) return
    this.finished = true
    clearTimeout(this.idleTimer)
    this.body.destroy()
    this.report({ failure: new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' }) })
  }

  private onData(chunk: Buffer): void {
    if (this.finished) return
    // undici hands over each HTTP chunk of one socket read as its own 'data', in one tick (an upstream
    // that sends every event as a chunk gives ~20 per read). They are run and written together at the
    // end of the tick: one stage call, one push, one chunk on the client's socket instead of ~20.
    if (this.pending.push(chunk) === 1) process.nextTick(() => this.flush())
  }

  /** Runs the reads that came in this tick through the stage and forwards the text. */
  private flush(): void {
    const pending = this.pending
    if (pending.length === 0 || this.finished) return
    this.pending = []
    const bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending)
    const text = this.decoder.write(bytes)
    this.run(() => {
      const frames = this.splitter.push(text)
      if (frames.length === 0) return ''
      this.progressAt = performance.now()
      return this.stage.frames(frames)
    })
  }

  /** Fails the stream when no whole event has come for `idleMs`: one timer, re-armed for what is left when it fires. */
  private watchProgress(idleMs: number): void {
    const check = () => {
      if (this.finished) return
      const left = this.progressAt + idleMs - performance.now()
      if (left > 0) return void (this.idleTimer = setTimeout(check, left))
      const provider = this.provider
      this.onError(new GatewayError({ kind: 'timeout', status: 504, provider, code: 'upstream_idle', message: `${provider}: the stream sent no whole event for ${idleMs} ms` }))
    }
    this.idleTimer = setTimeout(check, idleMs)
  }

  private onEnd(): void {
    this.flush()
    if (this.finished) return
    const rest = this.splitter.end(this.decoder.end())
    if (rest.trim() && !this.run(() => this.stage.frames([rest]))) return
    if (!this.run(() => this.stage.end())) return
    if (!this.settled) {
      return this.failEarly(new GatewayError({ kind: 'upstream', status: 502, provider: this.provider, code: 'empty_stream', message: `${this.provider} ended the stream before sending any content` }))
    }
    this.finish(undefined)
  }

  private onError(error: unknown): void {
    this.flush()
    if (this.finished) return
    const failure = toUpstreamError(error, this.provider, this.signal)
    if (!this.settled) return this.failEarly(failure)
    if (failure.kind !== 'aborted') this.send(this.failureText(failure))
    this.finish(failure)
  }

  /** Runs one stage call and forwards its text; false when the stream ended on its error. */
  private run(step: () => string): boolean {
    let text: string
    try {
      text = step()
    } catch (error) {
      const typed = error instanceof GatewayError ? error : toUpstreamError(error, this.provider, this.signal)
      if (!this.settled) {
        if (!this.stage.committed) {
          this.failEarly(typed)
          return false
        }
        // Committed by this very step: the client gets what came, then the error event.
        this.commit()
      }
      this.send(this.failureText(typed))
      this.finish(typed)
      return false
    }
    this.send(text)
    if (!this.settled && this.stage.committed) this.commit()
    return true
  }

  /** The commit point: the relay goes to the client (written to its response here, when that is offered). */
  private commit(): void {
    this.settled = true
    const early = this.early
    this.early = undefined
    const out = this.direct?.take()
    if (out) {
      this.out = out
      out.once('close', () => this.clientLeft())
    }
    if (early?.length) this.send(early.join(''))
    this.resolveReady(this)
  }

  private send(text: string): void {
    if (!text) return
    if (this.out) {
      if (this.out.write(text) || this.draining) return
      // The client reads slower than the upstream writes: hold the upstream until the socket drains.
      this.draining = true
      this.body.pause()
      this.out.once('drain', () => {
        this.draining = false
        this.body.resume()
      })
      return
    }
    if (this.early) return void this.early.push(text)
    // Before the commit point nobody reads yet: pausing then would keep the commit from ever coming
    // (an upstream that sends pings or comments for a while before its first token).
    if (!this.push(Buffer.from(text)) && this.settled) this.body.pause()
  }

  /** The client's error event for a failure after the commit point ('' if even that cannot be encoded). */
  private failureText(error: GatewayError): string {
    try {
      return this.stage.failure(error)
    } catch {
      return ''
    }
  }

  /** Before the commit point: nothing reached the client, so the attempt fails (and may fail over). */
  private failEarly(error: GatewayError): void {
    this.settled = true
    this.finished = true
    clearTimeout(this.idleTimer)
    this.body.destroy()
    this.rejectReady(error)
  }

  private finish(failure: GatewayError | undefined): void {
    if (this.finished) return
    this.finished = true
    clearTimeout(this.idleTimer)
    if (failure) this.body.destroy()
    if (this.out) this.out.end()
    else this.push(null)
    this.report({ failure })
  }

  private report(outcome: RelayOutcome): void {
    if (this.outcome) return
    this.outcome = outcome
    // Let go of the listeners (one holds the attempt's whole input) once they have heard.
    const done = this.done
    this.done = []
    for (const listener of done) listener(outcome)
  }
}

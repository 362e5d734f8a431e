import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { AbortLike } from '../../ir/abort-latch.ts'
import { GatewayError } from '../../ir/errors.ts'
import { toUpstreamError } from '../../upstream/http-client.ts'
import { FrameSplitter } from './frame-splitter.ts'
import type { OpenSink, SinkWriter, StreamSink } from './stream-sink.ts'

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
  /**
   * Whether the client's text so far holds the answer's finish: a client that leaves now (Codex hangs up
   * right after `response.completed`) has its whole answer, and the request is a success.
   */
  readonly finished: boolean
}

/** How a relayed stream ended: normally, or with the failure the client saw (`aborted` when it left). */
export type RelayOutcome = { failure: GatewayError | undefined }

/**
 * An upstream SSE body relayed to the client, push-style: what the upstream sent in one tick is split
 * into frames, run through the stage as plain calls and written at once, as it came: no async generator
 * or promise per read (a chain of generators under `Readable.from` costs a promise per read and per
 * stage). `ready` resolves at the commit point, or rejects before it so that the attempt can still fail
 * over; `onDone` hears how it ended. Until the commit point the client's text is held; at it the relay
 * opens its sink (`openSink`) and writes there from then on, pausing the upstream while the client is
 * slower (backpressure); the upstream is destroyed when the client leaves.
 */
export class SseRelay implements SinkWriter {
  /** The relay, at the commit point; rejected with the typed error when the stream failed before it. */
  readonly ready: Promise<SseRelay>
  private readonly decoder = new StringDecoder('utf8')
  private readonly splitter: FrameSplitter
  /** When the last whole event came: an upstream that sends bytes but no event is not making progress. */
  private progressAt = performance.now()
  private idleTimer: NodeJS.Timeout | undefined
  /** Upstream reads that came in this tick, not yet run through the stage. */
  private pending: Buffer[] = []
  /** Before the commit point, committed (the sink is open), or ended (either way). */
  private phase: 'early' | 'committed' | 'ended' = 'early'
  /** The client's text before the commit point, sent with it. */
  private early: string[] = []
  private sink: StreamSink | undefined
  private outcome: RelayOutcome | undefined
  private done: ((outcome: RelayOutcome) => void)[] = []
  private resolveReady!: (relay: SseRelay) => void
  private rejectReady!: (error: GatewayError) => void

  constructor(
    private readonly body: Readable,
    private readonly stage: RelayStage,
    private readonly provider: string,
    private readonly signal: AbortLike,
    private readonly openSink: OpenSink,
    bounds: RelayBounds = defaultBounds,
  ) {
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
  }

  /** Tells `listener` how the stream ended (at once if it already has). */
  onDone(listener: (outcome: RelayOutcome) => void): void {
    if (this.outcome) listener(this.outcome)
    else this.done.push(listener)
  }

  /** Ends a committed stream from outside (shutdown): the client gets `error` as its protocol's error event. */
  interrupt(error: GatewayError): void {
    if (this.phase !== 'committed') return
    this.send(this.failureText(error))
    this.finish(error)
  }

  /** The client read what waited: the upstream goes on. */
  resume(): void {
    if (this.body.isPaused()) this.body.resume()
  }

  /** The client left before the upstream's end: cut the upstream (a failure only if the answer was not finished). */
  clientLeft(): void {
    if (this.phase === 'ended') return
    const answered = this.phase === 'committed' && this.stage.finished
    this.phase = 'ended'
    clearTimeout(this.idleTimer)
    this.body.destroy()
    this.report({
      failure: answered
        ? undefined
        : new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' }),
    })
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'ended') return
    // undici hands over each HTTP chunk of one socket read as its own 'data', in one tick (an upstream
    // that sends every event as a chunk gives ~20 per read). They are run and written together at the
    // end of the tick: one stage call, one write, one chunk on the client's socket instead of ~20.
    if (this.pending.push(chunk) === 1) process.nextTick(() => this.flush())
  }

  /** Runs the reads that came in this tick through the stage and forwards the text. */
  private flush(): void {
    const pending = this.pending
    if (pending.length === 0 || this.phase === 'ended') return
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
      if (this.phase === 'ended') return
      const left = this.progressAt + idleMs - performance.now()
      if (left > 0) return void (this.idleTimer = setTimeout(check, left))
      const provider = this.provider
      this.onError(
        new GatewayError({
          kind: 'timeout',
          status: 504,
          provider,
          code: 'upstream_idle',
          message: `${provider}: the stream sent no whole event for ${idleMs} ms`,
        }),
      )
    }
    this.idleTimer = setTimeout(check, idleMs)
  }

  private onEnd(): void {
    this.flush()
    if (this.phase === 'ended') return
    const rest = this.splitter.end(this.decoder.end())
    if (rest.trim() && !this.run(() => this.stage.frames([rest]))) return
    if (!this.run(() => this.stage.end())) return
    if (this.phase === 'early') {
      return this.failEarly(
        new GatewayError({
          kind: 'upstream',
          status: 502,
          provider: this.provider,
          code: 'empty_stream',
          message: `${this.provider} ended the stream before sending any content`,
        }),
      )
    }
    this.finish(undefined)
  }

  private onError(error: unknown): void {
    this.flush()
    if (this.phase === 'ended') return
    const failure = toUpstreamError(error, this.provider, this.signal)
    if (this.phase === 'early') return this.failEarly(failure)
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
      if (this.phase === 'early') {
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
    if (this.phase === 'early' && this.stage.committed) this.commit()
    return true
  }

  /** The commit point: the sink opens and gets what waited for it. */
  private commit(): void {
    this.phase = 'committed'
    this.sink = this.openSink(this)
    const early = this.early
    this.early = []
    if (early.length > 0) this.send(early.join(''))
    this.resolveReady(this)
  }

  private send(text: string): void {
    if (!text) return
    // Before the commit point nothing is written: an attempt that fails over has shown the client nothing.
    if (!this.sink) return void this.early.push(text)
    if (!this.sink.write(text)) this.body.pause()
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
    this.phase = 'ended'
    clearTimeout(this.idleTimer)
    this.body.destroy()
    this.rejectReady(error)
  }

  private finish(failure: GatewayError | undefined): void {
    if (this.phase === 'ended') return
    this.phase = 'ended'
    clearTimeout(this.idleTimer)
    if (failure) this.body.destroy()
    this.sink?.end()
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

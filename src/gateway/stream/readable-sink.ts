import { Readable } from 'node:stream'
import { keepAliveComment } from './keep-alive.ts'
import type { SinkWriter, StreamSink } from './stream-sink.ts'

/**
 * A stream's sink as a Node `Readable`, the body of a `Response` (under a server adapter without a Node
 * response, or once keep-alive comments had to go out first). One item per write, as bytes: a consumer
 * reading a backlog gets them apart, as they came.
 */
export class ReadableSink extends Readable implements StreamSink {
  private writer: SinkWriter | undefined
  private keepAlive: NodeJS.Timeout | undefined

  constructor(
    /** The client stopped reading before the end. */
    private readonly onClientGone: () => void = () => undefined,
  ) {
    super({ objectMode: true, highWaterMark: 16 })
  }

  /** At a relay's commit point: the relay writes here from now on (keep-alive comments stop). */
  attach(writer: SinkWriter): ReadableSink {
    this.stopKeepAlive()
    this.writer = writer
    return this
  }

  /** Holds the line before the commit point: a keep-alive comment now and every `intervalMs` until a relay attaches. */
  holdWithComments(intervalMs: number): void {
    this.push(Buffer.from(keepAliveComment))
    this.keepAlive = setInterval(() => this.push(Buffer.from(keepAliveComment)), intervalMs)
  }

  /** No relay will come (every attempt failed): the client's error event ends the answer. */
  fail(errorEvent: string): void {
    this.stopKeepAlive()
    if (this.writer || this.destroyed) return
    if (errorEvent) this.push(Buffer.from(errorEvent))
    this.push(null)
  }

  write(text: string): boolean {
    return this.push(Buffer.from(text))
  }

  end(): void {
    this.push(null)
  }

  override _read(): void {
    this.writer?.resume()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopKeepAlive()
    // A stream that reached its end has nothing left to abort.
    if (!this.readableEnded) {
      this.writer?.clientLeft()
      this.onClientGone()
    }
    callback(error)
  }

  private stopKeepAlive(): void {
    clearInterval(this.keepAlive)
    this.keepAlive = undefined
  }
}

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { SinkWriter, StreamSink } from './stream-sink.ts'

/**
 * The client's Node response as a stream's sink, taken at the commit point: the status, the headers
 * and the first token leave in the tick that brought the token, not after the attempt, the failover
 * loop, the route, the router and the server adapter have handed a `Response` along (about twenty
 * promise hops, ~0.2 ms on code gone cold while the upstream thought; BENCHMARKS.md, "What the profiles
 * showed, and what was fixed"). Until it is claimed it is untouched, so an error before the commit
 * point still goes out as a `Response` with its real status; once declined (the answer went out as a
 * `Response` with keep-alive comments) it is never claimed.
 */
export class NodeResponseSink implements StreamSink {
  private state: 'open' | 'taken' | 'declined' = 'open'
  /** The relay waits for the socket to drain. */
  private waiting = false
  private writer: SinkWriter | undefined

  constructor(
    /** The response the adapter would have written the `Response` to. */
    readonly response: ServerResponse,
    private readonly headers: OutgoingHttpHeaders,
  ) {}

  /** At a relay's commit point: the status and headers written, the response is the relay's; undefined when declined or gone. */
  claim(writer: SinkWriter): NodeResponseSink | undefined {
    const response = this.response
    if (this.state !== 'open' || response.headersSent || response.destroyed) return undefined
    try {
      response.writeHead(200, this.headers)
    } catch {
      // Left to the Response path, whose adapter reports what is wrong.
      this.state = 'declined'
      return undefined
    }
    this.state = 'taken'
    this.writer = writer
    response.once('close', () => writer.clientLeft())
    return this
  }

  /** The answer goes out as a `Response` after all; false when a relay has claimed the response already. */
  decline(): boolean {
    if (this.state === 'taken') return false
    this.state = 'declined'
    return true
  }

  /** Whether a relay writes the answer here. */
  get taken(): boolean {
    return this.state === 'taken'
  }

  write(text: string): boolean {
    if (this.response.write(text)) return true
    if (!this.waiting) {
      // The client reads slower than the upstream writes: the relay holds the upstream until the socket drains.
      this.waiting = true
      this.response.once('drain', () => {
        this.waiting = false
        this.writer?.resume()
      })
    }
    return false
  }

  end(): void {
    this.response.end()
  }

  /**
   * What the route hands the adapter for a taken response, once it has closed: an empty `Response`
   * the adapter leaves unwritten (it writes nothing to a response that is closed). Only the response
   * is held meanwhile, not the request that the route's frame would keep alive.
   */
  closed<T>(answer: () => T): Promise<T> {
    const response = this.response
    if (response.closed) return Promise.resolve(answer())
    return new Promise((resolve) => response.once('close', () => resolve(answer())))
  }
}

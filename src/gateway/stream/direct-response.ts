import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

/**
 * The client's Node response, offered to a stream's relay so that it writes from its commit point itself:
 * the status, the headers and the first token leave in the tick that brought the token, not after the
 * attempt, the failover loop, the route, the router and the server adapter have handed a `Response` along
 * (about twenty promise hops, ~0.2 ms on code gone cold while the upstream thought; BENCHMARKS.md, "What
 * the profiles showed, and what was fixed"). One relay takes it at most, at its commit point. Until then it
 * is untouched, so an error before the commit point still goes out as a `Response` with its real status,
 * and a route that starts keep-alive comments declines it first.
 */
export class DirectResponse {
  private state: 'open' | 'taken' | 'declined' = 'open'

  constructor(
    /** The response the adapter would have written the `Response` to. */
    readonly response: ServerResponse,
    private readonly headers: OutgoingHttpHeaders,
  ) {}

  /** At a relay's commit point: the status and headers written, the response is the relay's; undefined when declined or gone. */
  take(): ServerResponse | undefined {
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
    return response
  }

  /** The route answers with a `Response` after all; false when a relay has taken the response already. */
  decline(): boolean {
    if (this.state === 'taken') return false
    this.state = 'declined'
    return true
  }

  /** Whether a relay writes the answer itself. */
  get taken(): boolean {
    return this.state === 'taken'
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

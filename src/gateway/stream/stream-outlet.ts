import { Response } from '@whatwg-node/server'
import type { GatewayError } from '../../ir/errors.ts'
import { asGatewayError } from '../error-response.ts'
import type { NodeContext } from '../node-context.ts'
import { raceTimer } from './keep-alive.ts'
import { NodeResponseSink } from './node-response-sink.ts'
import { ReadableSink } from './readable-sink.ts'
import type { SinkWriter, StreamSink } from './stream-sink.ts'

/** Options of {@link StreamOutlet}. */
export interface StreamOutletOptions {
  /** What the server adapter passed beside the request: under a Node server, the client's response. */
  context: NodeContext | undefined
  /** The stream's headers, CORS included (they leave in one `writeHead`). */
  headers: Record<string, string>
  /** The client went away before the stream's end. */
  onClientGone(): void
  /** The keep-alive comment of the client's protocol (`keepAliveCommentOf`). */
  keepAlive: string
}

/**
 * Where one streamed answer goes, chosen here and nowhere else: the client's Node response when a
 * relay commits within the first keep-alive interval (it writes itself, see NodeResponseSink), else a
 * `Response` over a Readable (keep-alive comments first when the commit point is late, or always
 * without a Node server).
 */
export class StreamOutlet {
  private readonly node: NodeResponseSink | undefined
  private readable: ReadableSink | undefined

  constructor(private readonly options: StreamOutletOptions) {
    const response = options.context?.res
    this.node = response ? new NodeResponseSink(response, options.headers) : undefined
  }

  /** At a relay's commit point: the sink it writes to from now on. */
  readonly open = (writer: SinkWriter): StreamSink => this.node?.claim(writer) ?? this.readableSink().attach(writer)

  /**
   * The answer for the server adapter. It waits for the commit point (`committed`) for up to one
   * keep-alive interval, so a request that fails at once still gets its real status (thrown); after
   * that, keep-alive comments hold the line while failover goes on, and a final failure becomes
   * `errorEvent` in the stream.
   */
  async answer(
    committed: Promise<unknown>,
    keepAliveMs: number,
    errorEvent: (error: GatewayError) => string,
  ): Promise<Response> {
    if (keepAliveMs <= 0) {
      await committed
      return this.respond()
    }
    const first = await raceTimer(committed, keepAliveMs)
    if (first.settled) return this.respond()
    // A relay that committed just now has written the response itself.
    if (this.node && !this.node.decline()) return this.respond()
    const sink = this.readableSink()
    sink.holdWithComments(keepAliveMs, this.options.keepAlive)
    committed.catch((error: unknown) => sink.fail(errorEvent(asGatewayError(error))))
    return this.respond()
  }

  private respond(): Promise<Response> | Response {
    const node = this.node
    if (node?.taken) {
      return node.closed(() => {
        if (!node.response.writableFinished) this.options.onClientGone()
        return new Response(null, { status: 200 })
      })
    }
    return new Response(this.readableSink() as unknown as BodyInit, { status: 200, headers: this.options.headers })
  }

  private readableSink(): ReadableSink {
    return (this.readable ??= new ReadableSink(this.options.onClientGone))
  }
}

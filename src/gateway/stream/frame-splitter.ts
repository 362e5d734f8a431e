import { GatewayError } from '../../ir/errors.ts'
import { splitFrames } from './split-frames.ts'

const anyBoundary = /\n\n|\r\r|\r\n\r\n/

/**
 * Cuts an upstream's SSE text, read by read, into whole events in linear time: a read that completes
 * no event is only probed (with the last characters before it, for a blank line cut in two) and kept
 * aside, so an upstream that sends a gigabyte without a blank line costs one pass over it, not a rescan
 * of everything so far on every read. An unfinished event over `limit` characters is an upstream failure.
 */
export class FrameSplitter {
  private pending: string[] = []
  private pendingLength = 0

  constructor(
    private readonly limit: number,
    private readonly provider: string,
  ) {}

  /** The events that `text` completes (empty when none); throws a 502 when one outgrows the limit. */
  push(text: string): string[] {
    if (this.pendingLength > 0 && !anyBoundary.test(this.tail() + text)) return this.hold(text)
    const whole = this.pendingLength > 0 ? this.pending.join('') + text : text
    const { frames, rest } = splitFrames(whole)
    this.pending = []
    this.pendingLength = 0
    for (const frame of frames) if (frame.length > this.limit) throw this.tooLarge()
    if (rest) this.hold(rest)
    return frames
  }

  /** The unfinished rest (with `text`, the decoder's last characters), when the stream ends. */
  end(text: string): string {
    const rest = this.pending.join('') + text
    this.pending = []
    this.pendingLength = 0
    return rest
  }

  /** The last three characters held, across pieces (a blank line may be cut anywhere, even into three reads). */
  private tail(): string {
    let tail = ''
    for (let index = this.pending.length - 1; index >= 0 && tail.length < 3; index--) tail = this.pending[index] + tail
    return tail.slice(-3)
  }

  private hold(text: string): string[] {
    this.pending.push(text)
    this.pendingLength += text.length
    if (this.pendingLength > this.limit) throw this.tooLarge()
    return []
  }

  private tooLarge(): GatewayError {
    const provider = this.provider
    return new GatewayError({
      kind: 'upstream',
      status: 502,
      provider,
      code: 'sse_frame_too_large',
      message: `${provider}: a stream event is larger than ${this.limit} characters (server.limits.sseFrame)`,
    })
  }
}

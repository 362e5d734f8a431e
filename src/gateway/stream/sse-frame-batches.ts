import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'

const boundary = /\r\n\r\n|\n\n|\r\r/g

/**
 * Splits a raw SSE Node stream into whole events, each with its own terminating blank line, so a
 * passthrough can forward them byte for byte (or drop one) while reading what they say (the protocols'
 * `parseSseFrame` reads each). Both stream paths use it: passthrough and translation. One batch per chunk read from the upstream: the events that chunk completed,
 * so they can be forwarded in one write, as they came.
 */
export async function* sseFrameBatches(body: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8')
  let buffer = ''
  for await (const chunk of body as AsyncIterable<Buffer>) {
    buffer += decoder.write(chunk)
    const frames: string[] = []
    let start = 0
    if (!buffer.includes('\r')) {
      // The usual stream (LF only): plain searches, no match object per frame.
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
        frames.push(buffer.slice(start, end + 2))
        start = end + 2
      }
    } else {
      boundary.lastIndex = 0
      for (let match = boundary.exec(buffer); match; match = boundary.exec(buffer)) {
        const end = match.index + match[0].length
        frames.push(buffer.slice(start, end))
        start = end
      }
    }
    if (start > 0) buffer = buffer.slice(start)
    if (frames.length > 0) yield frames
  }
  buffer += decoder.end()
  if (buffer.trim()) yield [buffer]
}

import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'

const boundary = /\r\n\r\n|\n\n|\r\r/

/**
 * Splits a raw SSE Node stream into whole events (the Node-stream twin of the protocols' web
 * `createSseFrameSplitter`, kept for the passthrough hot path, which avoids web streams), each with its own terminating blank line, so a
 * passthrough can forward them byte for byte (or drop one) while reading what they say.
 */
export async function* sseFrames(body: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let buffer = ''
  for await (const chunk of body as AsyncIterable<Buffer>) {
    buffer += decoder.write(chunk)
    let match = boundary.exec(buffer)
    while (match) {
      const end = match.index + match[0].length
      yield buffer.slice(0, end)
      buffer = buffer.slice(end)
      match = boundary.exec(buffer)
    }
  }
  buffer += decoder.end()
  if (buffer.trim()) yield buffer
}

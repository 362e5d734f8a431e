import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'

const boundary = /\r\n\r\n|\n\n|\r\r/g

/** Cuts SSE text into its whole events, each with its terminating blank line, and the unfinished rest. */
export function splitFrames(text: string): { frames: string[]; rest: string } {
  const frames: string[] = []
  let start = 0
  if (!text.includes('\r')) {
    // The usual stream (LF only): plain searches, no match object per frame.
    for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n', start)) {
      frames.push(text.slice(start, end + 2))
      start = end + 2
    }
  } else {
    boundary.lastIndex = 0
    for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
      const end = match.index + match[0].length
      frames.push(text.slice(start, end))
      start = end
    }
  }
  return { frames, rest: start > 0 ? text.slice(start) : text }
}

/**
 * Splits a raw SSE Node stream into whole events, each with its own terminating blank line, so a
 * passthrough can forward them byte for byte (or drop one) while reading what they say (the protocols'
 * `parseSseFrame` reads each). One batch per chunk read from the upstream: the events that chunk
 * completed, so they can be forwarded in one write, as they came. (The gateway's own streams use
 * {@link splitFrames} push-style, in `SseRelay`; this iterator serves tests and tools.)
 */
export async function* sseFrameBatches(body: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8')
  let buffer = ''
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const split = splitFrames(buffer + decoder.write(chunk))
    buffer = split.rest
    if (split.frames.length > 0) yield split.frames
  }
  buffer += decoder.end()
  if (buffer.trim()) yield [buffer]
}

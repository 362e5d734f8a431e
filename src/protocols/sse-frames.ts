import type { SseEvent } from './sse.ts'

/** One raw SSE frame: its exact bytes (through the blank line) and the event it carries, if any. */
export interface SseFrame {
  raw: Uint8Array
  /** Undefined for frames with no `data:` (comments, keep-alives). */
  event?: SseEvent
}

const LF = 0x0a
const CR = 0x0d

/**
 * Splits an SSE byte stream into frames without changing a byte, so passthrough can forward upstream
 * events exactly while reading them (and drop a frame when it must). Handles `\r\n`, `\n` and `\r`, and
 * chunks cut anywhere; bytes left at the end form a last frame.
 */
export function createSseFrameSplitter(): TransformStream<Uint8Array, SseFrame> {
  let buffer = new Uint8Array(0)
  let scanned = 0
  let lineStart = 0

  function take(end: number): Uint8Array {
    const raw = buffer.slice(0, end)
    buffer = buffer.slice(end)
    lineStart -= end
    return raw
  }

  return new TransformStream<Uint8Array, SseFrame>({
    transform(chunk, controller) {
      const joined = new Uint8Array(buffer.length + chunk.length)
      joined.set(buffer)
      joined.set(chunk, buffer.length)
      buffer = joined
      let index = scanned
      while (index < buffer.length) {
        const byte = buffer[index]
        if (byte !== LF && byte !== CR) {
          index += 1
          continue
        }
        // A CR as the last byte may be the first half of CRLF: wait for the next chunk.
        if (byte === CR && index + 1 === buffer.length) break
        const width = byte === CR && buffer[index + 1] === LF ? 2 : 1
        const blank = index === lineStart
        index += width
        lineStart = index
        if (blank) {
          const raw = take(index)
          index = 0
          controller.enqueue(frameOf(raw))
        }
      }
      scanned = index
    },
    flush(controller) {
      if (buffer.length > 0) controller.enqueue(frameOf(buffer))
    },
  })
}

/** Reads the event out of one frame's text, as the SSE spec does (comments dropped, data lines joined). */
export function parseSseFrame(text: string): SseEvent | undefined {
  const data: string[] = []
  let name: string | undefined
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') data.push(value)
    else if (field === 'event') name = value
  }
  if (data.length === 0) return undefined
  const joined = data.join('\n')
  return name === undefined ? { data: joined } : { event: name, data: joined }
}

const decoder = new TextDecoder()

function frameOf(raw: Uint8Array): SseFrame {
  const event = parseSseFrame(decoder.decode(raw))
  return event === undefined ? { raw } : { raw, event }
}

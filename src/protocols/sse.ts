import { createParser } from 'eventsource-parser'

/** One server-sent event: its `event:` name (when given) and its `data:` lines joined with `\n`. */
export interface SseEvent {
  event?: string
  data: string
}

/**
 * Parses an SSE byte (or text) stream into events. Robust to chunks split anywhere (inside a line, a
 * CRLF pair or a multibyte UTF-8 character), accepts `\r\n`, `\n` and `\r`, `data:` with or without the
 * space, and drops comments and keep-alives. A last event cut off without its blank line is still
 * delivered, so a truncated JSON payload reaches the codec (which reports it) instead of vanishing.
 */
export function createSseParser(): TransformStream<Uint8Array | string, SseEvent> {
  const decoder = new TextDecoder('utf-8')
  let emit: (event: SseEvent) => void = () => {}
  const parser = createParser({
    onEvent(message) {
      emit(message.event === undefined ? { data: message.data } : { event: message.event, data: message.data })
    },
  })
  return new TransformStream<Uint8Array | string, SseEvent>({
    start(controller) {
      emit = (event) => controller.enqueue(event)
    },
    transform(chunk) {
      parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
    },
    flush() {
      const rest = decoder.decode()
      parser.feed(`${rest}\n\n`)
    },
  })
}

/** Writes one SSE event as text (`event:` line when named, one `data:` line per line of data, blank line). */
export function sseEncode(event: SseEvent): string {
  const head = event.event === undefined ? '' : `event: ${event.event}\n`
  const data = event.data
  // JSON text (what the codecs send) has no raw line breaks: one data line, no splitting (hot path).
  if (!data.includes('\n') && !data.includes('\r')) return `${head}data: ${data}\n\n`
  const body = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')
  return `${head}${body}\n`
}

import type { SseEvent } from './sse.ts'

/** Reads the event out of one frame's text, as the SSE spec does (comments dropped, data lines joined). */
export function parseSseFrame(text: string): SseEvent | undefined {
  const single = singleDataFrame(text)
  if (single !== undefined) return { data: single }
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

/**
 * The data of the commonest frame, `data: …` and its blank line with nothing else, read without
 * splitting it into lines (OpenAI and Gemini send every event so); undefined for any other frame.
 */
function singleDataFrame(text: string): string | undefined {
  if (!text.startsWith('data:')) return undefined
  const end = text.endsWith('\r\n\r\n')
    ? text.length - 4
    : text.endsWith('\n\n') || text.endsWith('\r\r')
      ? text.length - 2
      : -1
  if (end < 0) return undefined
  const start = text.charCodeAt(5) === 32 ? 6 : 5
  // One line: no line break before the blank line (native searches, not a loop over every character).
  const lineFeed = text.indexOf('\n', start)
  const carriageReturn = text.indexOf('\r', start)
  if ((lineFeed !== -1 && lineFeed < end) || (carriageReturn !== -1 && carriageReturn < end)) return undefined
  return text.slice(start, end)
}

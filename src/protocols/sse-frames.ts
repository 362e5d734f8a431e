import type { SseEvent } from './sse.ts'

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

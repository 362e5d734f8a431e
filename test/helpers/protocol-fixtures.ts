import { createSseParser, type SseEvent } from '../../src/protocols/sse.ts'
import { textFixture } from './fixtures.ts'
import { runThrough } from './streams.ts'

/** A fixture file's text (`fixtures/<protocol>/<name>`). */
export function fixtureText(protocol: string, name: string): string {
  return textFixture(`${protocol}/${name}`)
}

/** A fixture file's JSON. */
export function fixtureJson(protocol: string, name: string): unknown {
  return JSON.parse(fixtureText(protocol, name)) as unknown
}

/** Parses SSE text, or its bytes in pieces, into events with the real parser. */
export async function sseEvents(input: string | readonly (string | Uint8Array)[]): Promise<SseEvent[]> {
  return runThrough(createSseParser(), typeof input === 'string' ? [input] : input)
}

/** An SSE event with its data parsed when it is JSON, for exact comparisons independent of key order. */
export interface ParsedEvent {
  event?: string
  data: unknown
}

/** An event with its data parsed when it is JSON (`[DONE]` and other text stay text). */
export function parseEvent(event: SseEvent): ParsedEvent {
  let data: unknown = event.data
  try {
    data = JSON.parse(event.data) as unknown
  } catch {
    // `[DONE]` and other non-JSON data stay text.
  }
  return event.event === undefined ? { data } : { event: event.event, data }
}

/** Parses SSE text into events whose JSON data is parsed. */
export async function parsedEvents(text: string): Promise<ParsedEvent[]> {
  return (await sseEvents(text)).map(parseEvent)
}

/**
 * A golden client transcript (`fixtures/<protocol>/<name>`) as parsed events, with the `{E,` shorthand
 * for the OpenAI chunk envelope expanded to `envelope`.
 */
export async function expectedEvents(protocol: string, name: string, envelope = ''): Promise<ParsedEvent[]> {
  return parsedEvents(fixtureText(protocol, name).replaceAll('{E,', `{${envelope},`))
}

/** A logger that records warnings (and prints nothing). */
export function recordingLogger(): { warn(message: string): void; messages: string[] } {
  const messages: string[] = []
  return { warn: (message) => messages.push(message), messages }
}

/** An id generator returning the given ids in order, then `<prefix>N`. */
export function idsInOrder(...ids: string[]): (prefix: string) => string {
  let next = 0
  return (prefix) => ids[next++] ?? `${prefix}${next}`
}

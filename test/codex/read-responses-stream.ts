/** One event of a Responses stream. */
export interface ResponsesEvent {
  type: string
  sequence_number: number
  output_index?: number
  item_id?: string
  item?: { id: string; type: string; [key: string]: unknown }
  response?: {
    id: string
    status: string
    output: unknown[]
    usage?: Record<string, unknown> | null
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** A Responses stream read as Codex reads it, with what it breaks of the rules Codex and the OpenAI SDK rely on. */
export interface ReadStream {
  events: ResponsesEvent[]
  /** The items of `response.output_item.done`, in order: where Codex takes its text and calls from. */
  doneItems: Array<{ id: string; type: string; [key: string]: unknown }>
  /** The response of the final `response.completed` (or `incomplete` / `failed`). */
  final: ResponsesEvent['response']
  /** Each broken rule, in words; empty when the stream is what Codex needs. */
  problems: string[]
}

/**
 * Parses a Responses SSE body (comment lines skipped) and checks what Codex 0.171.0 and the OpenAI SDK
 * need (fixtures/codex/ and test/codex/codex-cli.test.ts show them): `sequence_number` counting from 0,
 * `response.created` first, every added item done at the same index, `content_part.added` before an
 * item's first text delta, and a last event `response.completed` whose response has an `id`.
 */
export function readResponsesStream(text: string): ReadStream {
  const events = text
    .split(/\r?\n\r?\n/)
    .flatMap((frame) => frame.split(/\r?\n/).filter((line) => line.startsWith('data:')))
    .map((line) => JSON.parse(line.slice(5).trim()) as ResponsesEvent)
  const problems: string[] = []
  events.forEach((event, index) => {
    if (event.sequence_number !== index)
      problems.push(`event ${index} (${event.type}) has sequence_number ${event.sequence_number}`)
  })
  if (events[0]?.type !== 'response.created')
    problems.push(`the first event is ${events[0]?.type}, not response.created`)
  const added = events.filter((event) => event.type === 'response.output_item.added')
  const done = events.filter((event) => event.type === 'response.output_item.done')
  for (const event of added) {
    const match = done.find((candidate) => candidate.output_index === event.output_index)
    if (!match) problems.push(`item ${event.item?.id} added at ${event.output_index} is never done`)
    else if (match.item?.id !== event.item?.id)
      problems.push(`item at ${event.output_index} added as ${event.item?.id}, done as ${match.item?.id}`)
  }
  for (const [index, event] of events.entries()) {
    if (event.type !== 'response.output_text.delta') continue
    const started = events
      .slice(0, index)
      .some((earlier) => earlier.type === 'response.content_part.added' && earlier.item_id === event.item_id)
    if (!started) problems.push(`a text delta of ${event.item_id} comes before its response.content_part.added`)
  }
  const last = events.at(-1)
  if (last?.type !== 'response.completed') problems.push(`the last event is ${last?.type}, not response.completed`)
  if (typeof last?.response?.id !== 'string') problems.push('the final response has no id')
  return {
    events,
    doneItems: done.flatMap((event) => (event.item ? [event.item] : [])),
    final: last?.response,
    problems,
  }
}

import { createSseParser } from '../../../src/protocols/sse.ts'

/** A content block as a client assembles it from the stream. */
export type AssembledBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: string }

/** What a well-formed Anthropic stream comes to. */
export interface CheckedStream {
  id: string
  model: string
  blocks: AssembledBlock[]
  stopReason: string | null
  usage: Record<string, number>
}

interface Event {
  type: string
  [key: string]: unknown
}

/** Parses SSE text into `{event, data}` pairs with the project's own SSE parser. */
export async function parseSse(text: string): Promise<Array<{ event: string | undefined; data: Event }>> {
  const events: Array<{ event: string | undefined; data: Event }> = []
  const reader = new ReadableStream<string>({
    start(controller) {
      controller.enqueue(text)
      controller.close()
    },
  })
    .pipeThrough(createSseParser())
    .getReader()
  for (let next = await reader.read(); !next.done; next = await reader.read())
    events.push({ event: next.value.event, data: JSON.parse(next.value.data) as Event })
  return events
}

const deltaFor: Record<string, string[]> = {
  text: ['text_delta', 'citations_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
}

/**
 * Checks an Anthropic SSE stream the way Claude Code reads it, and assembles its blocks: `message_start`
 * first, `message_stop` last, one `message_delta` just before it; block indices 0, 1, 2 … started one at a
 * time, every delta and stop on the open block with a delta type that fits it, no block left open; one
 * block per content run (no text block right after a text block, nor thinking after thinking); every
 * tool's streamed `partial_json` joins into valid JSON. Throws with the event number on the first breach.
 */
export async function checkAnthropicStream(text: string): Promise<CheckedStream> {
  const events = (await parseSse(text)).filter((event) => event.data.type !== 'ping')
  const fail = (index: number, message: string): never => {
    throw new Error(`event ${index} (${JSON.stringify(events[index]?.data).slice(0, 200)}): ${message}`)
  }
  const first = events[0]?.data
  if (first?.type !== 'message_start') return fail(0, 'the stream must begin with message_start')
  const message = first.message as { id: string; model: string; usage: Record<string, number> }
  const result: CheckedStream = {
    id: message.id,
    model: message.model,
    blocks: [],
    stopReason: null,
    usage: { ...message.usage },
  }
  let open: { index: number; type: string; json: string } | undefined
  let deltas = 0
  events.forEach(({ event, data }, position) => {
    if (event !== undefined && event !== data.type) fail(position, `event name ${event} differs from data.type`)
    if (position === 0) return
    if (deltas > 0 && data.type !== 'message_stop') fail(position, 'nothing but message_stop may follow message_delta')
    switch (data.type) {
      case 'content_block_start': {
        if (open) fail(position, `block ${open.index} is still open`)
        if (data.index !== result.blocks.length) fail(position, `expected index ${result.blocks.length}`)
        const block = { ...(data.content_block as AssembledBlock) } as AssembledBlock & Record<string, unknown>
        const previous = result.blocks.at(-1)
        if (previous && previous.type === block.type && (block.type === 'text' || block.type === 'thinking'))
          fail(position, `a second ${block.type} block in one run`)
        if (block.type === 'tool_use') block.input = undefined
        result.blocks.push(block)
        open = { index: data.index as number, type: block.type, json: '' }
        return
      }
      case 'content_block_delta': {
        if (!open || data.index !== open.index) return fail(position, 'delta for a block that is not open')
        const delta = data.delta as {
          type: string
          text?: string
          thinking?: string
          signature?: string
          partial_json?: string
        }
        if (!deltaFor[open.type]?.includes(delta.type)) fail(position, `${delta.type} in a ${open.type} block`)
        const block = result.blocks[open.index] as Record<string, unknown>
        if (delta.type === 'text_delta') block.text = `${block.text as string}${delta.text}`
        if (delta.type === 'thinking_delta') block.thinking = `${block.thinking as string}${delta.thinking}`
        if (delta.type === 'signature_delta') block.signature = delta.signature
        if (delta.type === 'input_json_delta') open.json += delta.partial_json ?? ''
        return
      }
      case 'content_block_stop': {
        if (!open || data.index !== open.index) return fail(position, 'stop for a block that is not open')
        if (open.type === 'tool_use') {
          const block = result.blocks[open.index] as Record<string, unknown>
          try {
            block.input = open.json === '' ? {} : JSON.parse(open.json)
          } catch {
            fail(position, `tool input is not JSON: ${open.json}`)
          }
        }
        open = undefined
        return
      }
      case 'message_delta': {
        if (open) fail(position, `block ${open.index} is still open at message_delta`)
        deltas += 1
        result.stopReason = (data.delta as { stop_reason: string | null }).stop_reason
        Object.assign(result.usage, data.usage)
        return
      }
      case 'message_stop':
        if (deltas !== 1) fail(position, `expected one message_delta before message_stop, saw ${deltas}`)
        if (position !== events.length - 1) fail(position, 'message_stop must be the last event')
        return
      case 'error':
        return fail(position, 'error event')
      default:
        return fail(position, `unexpected event type ${data.type}`)
    }
  })
  if (events.at(-1)?.data.type !== 'message_stop') fail(events.length - 1, 'the stream must end with message_stop')
  return result
}

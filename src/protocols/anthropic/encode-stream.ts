import type { JsonObject } from '../../ir/json.ts'
import type { Origin } from '../../ir/origin.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Usage } from '../../ir/usage.ts'
import { sseEncode } from '../sse.ts'
import { encodeStreamError } from './encode-error.ts'
import { messageId } from './message-id.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { encodeDeltaUsage, uncachedInput } from './usage.ts'
import type { Stepper } from '../codec.ts'
import type { DropLog } from '../shared/drop-log.ts'

/** Options of {@link createEncodeStream}. */
export interface EncodeStreamOptions {
  model: string
  generateId: (prefix: string) => string
  /** Collects what the stream drops (logged when the stream ends). */
  drops: DropLog
}

/** The one content block open at a time: the IR part it carries and its Anthropic index. */
type Open = { partId: string; index: number }

/**
 * IR parts → Anthropic SSE (docs/protocols.md, "Answers and streams"): `message_start`, then content blocks
 * one at a time with indices 0, 1, 2 … (a run of text is one block; a delta never refers to a block that is
 * not open; pitfalls 7–8), then exactly one `message_delta` and `message_stop`. Signatures are sent only
 * when Anthropic made them. An error part becomes an `error` event and ends the stream.
 */
export function createEncodeStream(options: EncodeStreamOptions): Stepper<StreamPart, string> {
  let started = false
  let ended = false
  let open: Open | undefined
  let nextIndex = 0
  let sawTool = false
  const streamedTools = new Set<string>()
  const origins = new Map<string, Origin>()
  const opened = new Set<string>()
  let startUsage: Usage | undefined
  // The output of the call in progress; `send` appends to it (one closure per stream, not per part).
  let sink: string[] = []
  const send = (event: string, data: JsonObject): void =>
    void sink.push(sseEncode({ event, data: JSON.stringify({ type: event, ...data }) }))

  return {
    push(part, out) {
      if (ended) return
      sink = out
      if (part.type === 'error') {
        out.push(encodeStreamError(part.error))
        ended = true
        options.drops.flush()
        return
      }
      if (!started)
        begin(
          part.type === 'start' ? part.id : options.generateId('msg_'),
          part.type === 'start' ? part.usage : undefined,
          send,
        )
      switch (part.type) {
        case 'start':
          return
        case 'text-start':
          return
        case 'text-delta':
          if (part.delta === '') return
          ensureOpen(part.id, 'text', send)
          out.push(textDeltaEvent(open?.index ?? 0, part.delta))
          return
        case 'text-end':
        case 'tool-input-end':
          if (open?.partId === part.id) close(send)
          return
        case 'reasoning-end': {
          const origin = origins.get(part.id)
          const signed = part.signature !== undefined && part.signature !== '' && origin?.protocol === 'anthropic'
          // A signed block without text (thinking display omitted) still goes out, for its signature.
          if (signed && !opened.has(part.id)) ensureOpen(part.id, 'reasoning', send)
          if (open?.partId !== part.id) return
          if (signed)
            send('content_block_delta', {
              index: open.index,
              delta: { type: 'signature_delta', signature: part.signature },
            })
          close(send)
          return
        }
        case 'reasoning-start':
          origins.set(part.id, part.origin)
          if (part.redactedData !== undefined && part.origin.protocol === 'anthropic') {
            close(send)
            opened.add(part.id)
            open = { partId: part.id, index: nextIndex++ }
            send('content_block_start', {
              index: open.index,
              content_block: { type: 'redacted_thinking', data: part.redactedData },
            })
          }
          return
        case 'reasoning-delta':
          if (part.delta === '') return
          ensureOpen(part.id, 'reasoning', send)
          send('content_block_delta', { index: open?.index, delta: { type: 'thinking_delta', thinking: part.delta } })
          return
        case 'tool-input-start':
          sawTool = true
          streamedTools.add(part.id)
          close(send)
          open = { partId: part.id, index: nextIndex++ }
          send('content_block_start', {
            index: open.index,
            content_block: { type: 'tool_use', id: part.id, name: part.name, input: {} },
          })
          return
        case 'tool-input-delta':
          if (part.delta === '') return
          if (open?.partId === part.id)
            send('content_block_delta', {
              index: open.index,
              delta: { type: 'input_json_delta', partial_json: part.delta },
            })
          else options.drops.drop(`arguments for tool call ${part.id} that arrived after its block closed`)
          return
        case 'tool-call':
          if (streamedTools.has(part.id)) return
          // A call that arrived whole (Gemini): one block with the whole input.
          sawTool = true
          close(send)
          send('content_block_start', {
            index: nextIndex,
            content_block: { type: 'tool_use', id: part.id, name: part.name, input: {} },
          })
          send('content_block_delta', {
            index: nextIndex,
            delta: { type: 'input_json_delta', partial_json: JSON.stringify(part.args) },
          })
          send('content_block_stop', { index: nextIndex })
          nextIndex += 1
          return
        case 'finish': {
          close(send)
          const { stopReason, stopSequence } = encodeFinishReason(part.reason)
          send('message_delta', {
            delta: { stop_reason: stopReason, stop_sequence: stopSequence },
            usage: encodeDeltaUsage(part.usage),
          })
          send('message_stop', {})
          ended = true
          options.drops.flush()
          return
        }
        default: {
          const unreachable: never = part
          throw new Error(`unknown stream part ${JSON.stringify(unreachable)}`)
        }
      }
    },
    end(out) {
      if (ended) return
      // The parts ended without a finish: end the message the way Anthropic would.
      sink = out
      if (!started) begin(options.generateId('msg_'), undefined, send)
      close(send)
      const usage = startUsage ?? { inputTokens: 0, outputTokens: 0 }
      send('message_delta', {
        delta: { stop_reason: sawTool ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: encodeDeltaUsage(usage),
      })
      send('message_stop', {})
      options.drops.flush()
    },
  }

  function begin(id: string, usage: Usage | undefined, send: (event: string, data: JsonObject) => void): void {
    started = true
    startUsage = usage
    send('message_start', {
      message: {
        id: messageId(id),
        type: 'message',
        role: 'assistant',
        model: options.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage ? uncachedInput(usage) : 0,
          output_tokens: usage?.outputTokens ?? 0,
          cache_creation_input_tokens: usage?.cacheWriteTokens ?? 0,
          cache_read_input_tokens: usage?.cacheReadTokens ?? 0,
        },
      },
    })
  }

  /**
   * Opens a block for the part unless it is the open one (blocks open at their first content, so an empty
   * run makes no block); a run resumed after another block gets a new block.
   */
  function ensureOpen(
    partId: string,
    kind: 'text' | 'reasoning',
    send: (event: string, data: JsonObject) => void,
  ): void {
    if (open?.partId === partId) return
    close(send)
    opened.add(partId)
    open = { partId, index: nextIndex++ }
    const block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' }
    send('content_block_start', { index: open.index, content_block: block })
  }

  function close(send: (event: string, data: JsonObject) => void): void {
    if (!open) return
    send('content_block_stop', { index: open.index })
    open = undefined
  }
}

/**
 * A text delta event, written directly: the commonest event of a stream, byte for byte what `send`
 * writes for it (the golden fixtures check), without its three objects and a spread per token.
 */
function textDeltaEvent(index: number, text: string): string {
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`
}

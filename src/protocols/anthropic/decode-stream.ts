import { GatewayError } from '../../ir/errors.ts'
import type { Finish } from '../../ir/finish.ts'
import type { Origin } from '../../ir/origin.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Usage } from '../../ir/usage.ts'
import type { SseEvent } from '../sse.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isRecord, maybeCount, maybeString, parseJson } from '../shared/read-json.ts'
import { decodeStreamError } from './decode-error.ts'
import { decodeFinishReason } from './finish-reason.ts'
import { decodeUsage } from './usage.ts'
import type { Stepper } from '../codec.ts'

type Block =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; signature?: string }
  | { kind: 'tool'; id: string; name: string; json: string }

/**
 * Anthropic events → IR parts (docs/protocols.md, "Answers and streams"). Usage from `message_start` is
 * kept and updated by each `message_delta` (cumulative: the last one wins, docs/protocols.md pitfalls
 * 11–12); `finish` goes out at `message_stop`. An `error` event becomes an error part; the stream ending
 * early is an error too.
 */
export function createDecodeStream(drops: DropLog): Stepper<SseEvent, StreamPart> {
  const blocks = new Map<number, Block>()
  let origin: Origin = { protocol: 'anthropic' }
  let usage: Usage | undefined
  let finish: Finish | undefined
  let done = false

  return {
    push(event, out) {
      if (done) return
      const emit = (part: StreamPart): void => {
        out.push(part)
      }
      const data = parseJson(event.data)
      if (!isRecord(data)) {
        done = true
        emit({
          type: 'error',
          error: new GatewayError({
            kind: 'upstream',
            status: 502,
            code: 'bad_stream',
            message: 'Anthropic upstream sent an unparseable stream event',
          }),
        })
        return
      }
      const type = maybeString(data.type) ?? event.event
      switch (type) {
        case 'message_start': {
          const message = isRecord(data.message) ? data.message : {}
          const model = maybeString(message.model) ?? ''
          origin = { protocol: 'anthropic', ...(model ? { model } : {}) }
          usage = decodeUsage(message.usage)
          emit({ type: 'start', id: maybeString(message.id) ?? '', model, ...(usage ? { usage } : {}) })
          return
        }
        case 'content_block_start':
          startBlock(maybeCount(data.index) ?? 0, isRecord(data.content_block) ? data.content_block : {}, emit)
          return
        case 'content_block_delta':
          blockDelta(maybeCount(data.index) ?? 0, isRecord(data.delta) ? data.delta : {}, emit)
          return
        case 'content_block_stop':
          stopBlock(maybeCount(data.index) ?? 0, emit)
          return
        case 'message_delta': {
          const delta = isRecord(data.delta) ? data.delta : {}
          if (delta.stop_reason !== undefined && delta.stop_reason !== null)
            finish = decodeFinishReason(delta.stop_reason, delta.stop_sequence)
          usage = decodeUsage(data.usage, usage)
          return
        }
        case 'message_stop':
          endMessage(emit)
          return
        case 'error':
          done = true
          emit({ type: 'error', error: decodeStreamError(data) })
          return
        default:
          // ping and event types added later.
          return
      }
    },
    end(out) {
      if (!done) {
        done = true
        const message = finish ? undefined : 'Anthropic upstream stream ended before message_stop'
        if (message)
          out.push({
            type: 'error',
            error: new GatewayError({ kind: 'upstream', status: 502, code: 'stream_truncated', message }),
          })
        else endMessage((part) => void out.push(part))
      }
      drops.flush()
    },
  }

  function startBlock(index: number, block: Record<string, unknown>, emit: (part: StreamPart) => void): void {
    const id = `${index}`
    switch (block.type) {
      case 'text': {
        blocks.set(index, { kind: 'text', id })
        emit({ type: 'text-start', id })
        const text = maybeString(block.text)
        if (text) emit({ type: 'text-delta', id, delta: text })
        return
      }
      case 'thinking':
        blocks.set(index, { kind: 'reasoning', id })
        emit({ type: 'reasoning-start', id, origin })
        return
      case 'redacted_thinking':
        blocks.set(index, { kind: 'reasoning', id })
        emit({ type: 'reasoning-start', id, origin, redactedData: maybeString(block.data) ?? '' })
        return
      case 'tool_use': {
        const tool: Block = {
          kind: 'tool',
          id: maybeString(block.id) ?? `tool-${index}`,
          name: maybeString(block.name) ?? '',
          json: '',
        }
        blocks.set(index, tool)
        emit({ type: 'tool-input-start', id: tool.id, name: tool.name })
        return
      }
      default:
        drops.drop(`${String(block.type)} block`)
    }
  }

  function blockDelta(index: number, delta: Record<string, unknown>, emit: (part: StreamPart) => void): void {
    const block = blocks.get(index)
    if (!block) return
    if (block.kind === 'text' && delta.type === 'text_delta') {
      const text = maybeString(delta.text)
      if (text) emit({ type: 'text-delta', id: block.id, delta: text })
    } else if (block.kind === 'reasoning' && delta.type === 'thinking_delta') {
      const text = maybeString(delta.thinking)
      if (text) emit({ type: 'reasoning-delta', id: block.id, delta: text })
    } else if (block.kind === 'reasoning' && delta.type === 'signature_delta') {
      block.signature = (block.signature ?? '') + (maybeString(delta.signature) ?? '')
    } else if (block.kind === 'tool' && delta.type === 'input_json_delta') {
      const json = maybeString(delta.partial_json)
      if (json) {
        block.json += json
        emit({ type: 'tool-input-delta', id: block.id, delta: json })
      }
    }
  }

  function stopBlock(index: number, emit: (part: StreamPart) => void): void {
    const block = blocks.get(index)
    if (!block) return
    blocks.delete(index)
    if (block.kind === 'text') emit({ type: 'text-end', id: block.id })
    else if (block.kind === 'reasoning')
      emit({ type: 'reasoning-end', id: block.id, ...(block.signature ? { signature: block.signature } : {}) })
    else {
      emit({ type: 'tool-input-end', id: block.id })
      const parsed = block.json.trim() === '' ? {} : parseJson(block.json)
      if (!isRecord(parsed)) drops.drop('tool input that is not a JSON object (sent as {})')
      emit({ type: 'tool-call', id: block.id, name: block.name, args: isRecord(parsed) ? parsed : {} })
    }
  }

  function endMessage(emit: (part: StreamPart) => void): void {
    for (const index of [...blocks.keys()]) stopBlock(index, emit)
    done = true
    emit({ type: 'finish', reason: finish ?? { unified: 'stop' }, usage: usage ?? { inputTokens: 0, outputTokens: 0 } })
  }
}

import type { JsonObject } from '../../ir/json.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import { sseEncode } from '../sse.ts'
import { encodeStreamError } from './encode-error.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { completionId } from './response-id.ts'
import { encodeUsage } from './usage.ts'
import type { Stepper } from '../codec.ts'

/** Options of {@link createEncodeStream}. */
export interface EncodeStreamOptions {
  model: string
  includeUsage: boolean
  nowSeconds: () => number
  generateId: (prefix: string) => string
}

/**
 * IR parts → OpenAI chunk SSE (docs/protocols.md, "Answers and streams"): a role chunk, content /
 * reasoning_content / tool-call chunks (tool `index` counts tool calls only), a finish chunk, the usage
 * chunk only when the client asked (`"usage": null` on every other chunk then), and `data: [DONE]`. An
 * error part becomes an error event and ends the stream without `[DONE]`.
 */
export function createEncodeStream(options: EncodeStreamOptions): Stepper<StreamPart, string> {
  let envelope: JsonObject | undefined
  // `{"id":…,"model":…,"choices":[` of every chunk, written once (the text-delta fast path uses it).
  let envelopeHead = ''
  const usageTail = options.includeUsage ? ',"usage":null}' : '}'
  const toolIndex = new Map<string, number>()
  const streamedTools = new Set<string>()
  let ended = false

  return {
    push(part, out) {
      if (ended) return
      const send = (delta: JsonObject, finishReason: string | null = null): void => {
        out.push(chunk([{ index: 0, delta, logprobs: null, finish_reason: finishReason }]))
      }
      if (part.type !== 'start' && part.type !== 'error' && !envelope)
        begin(options.generateId('chatcmpl-'), undefined, send)
      switch (part.type) {
        case 'start':
          if (!envelope) begin(part.id, part.created, send)
          return
        case 'text-delta':
          // The commonest chunk, written directly: byte for byte what `send({ content })` writes.
          if (part.delta !== '')
            out.push(
              `data: ${envelopeHead}{"index":0,"delta":{"content":${JSON.stringify(part.delta)}},"logprobs":null,"finish_reason":null}]${usageTail}\n\n`,
            )
          return
        case 'reasoning-delta':
          if (part.delta !== '') send({ reasoning_content: part.delta })
          return
        case 'tool-input-start':
          streamedTools.add(part.id)
          send({
            tool_calls: [
              { index: indexOf(part.id), id: part.id, type: 'function', function: { name: part.name, arguments: '' } },
            ],
          })
          return
        case 'tool-input-delta':
          if (part.delta !== '')
            send({ tool_calls: [{ index: indexOf(part.id), function: { arguments: part.delta } }] })
          return
        case 'tool-call':
          // Calls that arrived whole (Gemini) go out as one chunk; streamed ones are already out.
          if (!streamedTools.has(part.id)) {
            send({
              tool_calls: [
                {
                  index: indexOf(part.id),
                  id: part.id,
                  type: 'function',
                  function: { name: part.name, arguments: part.rawArgs ?? JSON.stringify(part.args) },
                },
              ],
            })
          }
          return
        case 'finish':
          send({}, encodeFinishReason(part.reason))
          if (options.includeUsage) out.push(chunk([], encodeUsage(part.usage, { stream: true })))
          out.push(sseEncode({ data: '[DONE]' }))
          ended = true
          return
        case 'error':
          out.push(encodeStreamError(part.error))
          ended = true
          return
        case 'text-start':
        case 'text-end':
        case 'reasoning-start':
        case 'reasoning-end':
        case 'tool-input-end':
          return
        default: {
          const unreachable: never = part
          throw new Error(`unknown stream part ${JSON.stringify(unreachable)}`)
        }
      }
    },
    end(out) {
      if (ended) return
      // The parts ended without a finish: close the stream the way OpenAI would.
      if (!envelope)
        begin(options.generateId('chatcmpl-'), undefined, (delta) =>
          out.push(chunk([{ index: 0, delta, logprobs: null, finish_reason: null }])),
        )
      out.push(
        chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: toolIndex.size > 0 ? 'tool_calls' : 'stop' }]),
      )
      out.push(sseEncode({ data: '[DONE]' }))
    },
  }

  function begin(id: string, created: number | undefined, send: (delta: JsonObject) => void): void {
    envelope = {
      id: completionId(id),
      object: 'chat.completion.chunk',
      created: created ?? options.nowSeconds(),
      model: options.model,
    }
    envelopeHead = `${JSON.stringify(envelope).slice(0, -1)},"choices":[`
    send({ role: 'assistant', content: '' })
  }

  function indexOf(id: string): number {
    let index = toolIndex.get(id)
    if (index === undefined) {
      index = toolIndex.size
      toolIndex.set(id, index)
    }
    return index
  }

  function chunk(choices: JsonObject[], usage: JsonObject | null = null): string {
    const body: JsonObject = { ...envelope, choices }
    if (options.includeUsage) body.usage = usage
    return sseEncode({ data: JSON.stringify(body) })
  }
}

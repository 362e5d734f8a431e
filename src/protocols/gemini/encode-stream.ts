import type { StreamPart } from '../../ir/stream-part.ts'
import { sseEncode } from '../sse.ts'
import { encodeStreamError } from './encode-error.ts'
import { encodeOutputPart } from './encode-output-part.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { encodeUsage } from './usage.ts'
import type { GeminiCandidate, GeminiPart, GeminiResponse } from './wire-types.ts'
import type { Stepper } from '../codec.ts'

/**
 * IR parts → Gemini `alt=sse` text (Gemini as the client protocol): one event per delta or whole call,
 * carrying only the new parts; the last event carries `finishReason` and the usage. Tool-input runs are
 * skipped: Gemini sends calls whole, from the `tool-call` part.
 */
export function createEncodeStream(options: { model: string }): Stepper<StreamPart, string> {
  let responseId = ''
  const reasoningIds = new Set<string>()
  const event = (candidate: GeminiCandidate, extra: Partial<GeminiResponse> = {}): string =>
    sseEncode({
      data: JSON.stringify({
        candidates: [{ ...candidate, index: 0 }],
        ...extra,
        modelVersion: options.model,
        responseId,
      }),
    })
  const partEvent = (part: GeminiPart): string => event({ content: { role: 'model', parts: [part] } })
  let ended = false
  return {
    push(part, out) {
      if (ended) return
      switch (part.type) {
        case 'start':
          responseId = part.id
          return
        case 'text-delta':
          if (part.delta !== '') out.push(partEvent({ text: part.delta }))
          return
        case 'reasoning-start':
          if (part.origin.protocol === 'gemini') reasoningIds.add(part.id)
          return
        case 'reasoning-delta':
          if (part.delta !== '') out.push(partEvent({ text: part.delta, thought: true }))
          return
        case 'reasoning-end':
          if (part.signature !== undefined && reasoningIds.has(part.id)) {
            out.push(partEvent({ text: '', thought: true, thoughtSignature: part.signature }))
          }
          return
        case 'tool-call': {
          const encoded = encodeOutputPart({ ...part, type: 'tool_call' })
          if (encoded) out.push(partEvent(encoded))
          return
        }
        case 'finish':
          ended = true
          out.push(event({ finishReason: encodeFinishReason(part.reason) }, { usageMetadata: encodeUsage(part.usage) }))
          return
        case 'error':
          ended = true
          out.push(encodeStreamError(part.error))
          return
        case 'text-start':
        case 'text-end':
        case 'tool-input-start':
        case 'tool-input-delta':
        case 'tool-input-end':
          return
        default: {
          const unreachable: never = part
          throw new Error(`unknown stream part ${JSON.stringify(unreachable)}`)
        }
      }
    },
    // A Gemini stream ends with its body: no closing event to add.
    end() {},
  }
}

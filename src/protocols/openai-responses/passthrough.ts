import { GatewayError } from '../../ir/errors.ts'
import type { FrameInfo, Passthrough, PassthroughRequest } from '../codec.ts'
import type { SseEvent } from '../sse.ts'
import { expectRecord, isRecord, maybeString, parseJson } from '../shared/read-json.ts'
import { createModelRenamer } from '../shared/replace-model-name.ts'
import { endsObject } from '../openai/passthrough.ts'
import { decodeStreamError } from '../openai/decode-error.ts'
import { failedError } from './decode-response.ts'
import { decodeUsage } from './usage.ts'

/** A Responses request forwarded to a Responses upstream: only `model` renamed (usage always ends the stream). */
export function passthroughRequest(body: unknown, upstreamModel: string): PassthroughRequest {
  const original = expectRecord(body, '')
  const stream = original.stream === true
  return {
    call: { path: '/responses', body: { ...original, model: upstreamModel } },
    includeUsage: stream,
    stream,
    unchanged: original.model === upstreamModel,
  }
}

const meta: FrameInfo = Object.freeze({ kind: 'meta' })
const content: FrameInfo = Object.freeze({ kind: 'content' })

/** Events that show the client something (the commit point). */
const contentEvents = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
  'response.output_item.done',
])

/**
 * Reads Responses events as they are forwarded: `response.created`, `in_progress` and `added` events are
 * meta; deltas and finished items are content; the terminal event carries the usage (and is content, so
 * an answer with nothing else still commits); `response.failed` and `error` are errors.
 */
function tap(): (event: SseEvent | undefined) => FrameInfo {
  return (event) => {
    if (!event) return meta
    const data = parseJson(event.data)
    if (!isRecord(data))
      return {
        kind: 'error',
        error: new GatewayError({
          kind: 'upstream',
          status: 502,
          code: 'bad_stream',
          message: 'Responses upstream sent an unparseable stream event',
        }),
      }
    const type = maybeString(data.type) ?? event.event ?? ''
    if (type === 'error')
      return { kind: 'error', error: decodeStreamError(isRecord(data.error) ? data : { error: data }) }
    const response = isRecord(data.response) ? data.response : undefined
    if (type === 'response.failed') return { kind: 'error', error: failedError(response?.error) }
    if (type === 'response.completed' || type === 'response.incomplete') {
      const usage = decodeUsage(response?.usage)
      return usage ? { kind: 'content', usage } : content
    }
    if (type === 'response.output_text.delta') {
      const text = maybeString(data.delta)
      return text ? { kind: 'content', text } : content
    }
    return contentEvents.has(type) ? content : meta
  }
}

/** Frames that may hold usage or an error; text deltas never do (JSON escapes quotes inside their text). */
const mayMatter = /"usage"\s*:\s*\{|"(?:error|response\.failed|response\.completed|response\.incomplete)"/

/** The terminal event of an answer (a failed one is an error, which the tap reports). */
const finishMark = /"type"\s*:\s*"response\.(?:completed|incomplete)"/

/** Responses → Responses forwarding. */
export const openaiResponsesPassthrough: Passthrough = {
  request: (body, upstreamModel) => passthroughRequest(body, upstreamModel),
  tap,
  // A frame that is not a Responses event is read: it may be a relay's own JSON.
  quiet: (raw) => endsObject(raw) && raw.includes('"type":"response.') && !mayMatter.test(raw),
  finishes: (raw) => finishMark.test(raw),
  // The model is named inside the `response` object of the created, in-progress and terminal events.
  modelRenamer: (model) => createModelRenamer(model, 2),
}

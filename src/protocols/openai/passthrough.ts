import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { FrameInfo, Passthrough, PassthroughRequest } from '../codec.ts'
import type { SseEvent } from '../sse.ts'
import { expectRecord, isRecord, parseJson } from '../shared/read-json.ts'
import { createModelRenamer } from '../shared/replace-model-name.ts'
import { TextTemplateSlot } from '../shared/text-template.ts'
import { decodeStreamError } from './decode-error.ts'
import { decodeUsage } from './usage.ts'

/**
 * An OpenAI request forwarded to an OpenAI upstream: the model renamed and, for streams, usage asked for
 * (docs/protocols.md, "Passthrough"). Whether the client asked itself decides if the usage chunk may reach it.
 */
export function passthroughRequest(body: unknown, upstreamModel: string): PassthroughRequest {
  const original = expectRecord(body, '')
  const request: JsonObject = { ...original, model: upstreamModel }
  const stream = request.stream === true
  const streamOptions = isRecord(request.stream_options) ? request.stream_options : {}
  const includeUsage = stream && streamOptions.include_usage === true
  if (stream) request.stream_options = { ...streamOptions, include_usage: true }
  const sameModel = original.model === upstreamModel
  const unchanged = sameModel && (!stream || includeUsage)
  // The usual stream request names no stream_options at all: asking for usage only adds a member.
  const appended = sameModel && stream && original.stream_options === undefined ? askForUsage : undefined
  return {
    call: { path: '/chat/completions', body: request },
    includeUsage,
    stream,
    unchanged,
    ...(appended ? { appended } : {}),
  }
}

const askForUsage = `,"stream_options":${JSON.stringify({ include_usage: true })}`

const meta: FrameInfo = Object.freeze({ kind: 'meta' })
const content: FrameInfo = Object.freeze({ kind: 'content' })

/** A delta that shows the client something: text, reasoning, a refusal or a tool call. */
function hasContent(delta: unknown): boolean {
  if (!isRecord(delta)) return false
  for (const field of ['content', 'reasoning_content', 'reasoning', 'refusal']) {
    const value = delta[field]
    if (typeof value === 'string' && value.length > 0) return true
  }
  return Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0
}

/** A content frame with the text its choices' deltas show, when they show any. */
function withText(choices: unknown[]): FrameInfo {
  let text = ''
  for (const choice of choices) {
    const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta.content : undefined
    if (typeof delta === 'string') text += delta
  }
  return text ? { kind: 'content', text } : content
}

/** The text of a chunk's only choice, read from a parsed chunk (where a template's hole must be). */
function onlyContent(chunk: unknown): unknown {
  if (!isRecord(chunk) || !Array.isArray(chunk.choices) || chunk.choices.length !== 1) return undefined
  const [choice] = chunk.choices as unknown[]
  return isRecord(choice) && isRecord(choice.delta) ? choice.delta.content : undefined
}

/**
 * Learns the template of a chunk whose only effect is its text: one choice, a delta with non-empty `content`
 * and nothing else that matters (no role, tool call, refusal, reasoning, finish or usage), so a chunk that
 * fits it differs in nothing but its text.
 */
function learnPlainText(templates: TextTemplateSlot, data: string, choices: unknown[]): void {
  const [choice] = choices
  if (choices.length !== 1 || !isRecord(choice) || choice.finish_reason || !isRecord(choice.delta)) return
  const delta = choice.delta
  if (typeof delta.content !== 'string' || !delta.content) return
  for (const key of Object.keys(delta)) if (key !== 'content' && delta[key] !== null) return
  templates.learn(data, 'content', delta.content, onlyContent)
}

/**
 * Reads OpenAI chunks as they are forwarded: the role-only first chunk and `[DONE]` are meta, content or a finish is
 * the commit point, an `error` object inside the 200 is an error, and the `choices: []` chunk with
 * usage is the one a client that did not ask must not see (docs/protocols.md fixture F12, pitfalls 9 and 15).
 */
function tap(): (event: SseEvent | undefined) => FrameInfo {
  // A chunk that differs from the last plain text chunk only in its text is read without JSON.parse: past the
  // commit point a short answer's every frame is read for its text (a relay's error phrase spread over a few
  // events), which cost a 20-token passthrough stream ~45 µs of CPU with JSON.parse (BENCHMARKS.md).
  const templates = new TextTemplateSlot()
  return (event) => {
    if (!event) return meta
    const fast = templates.read(event.data)
    if (fast !== undefined) return fast ? { kind: 'content', text: fast } : meta
    // The end marker is not content: a stream that ends before any is a failure (empty_stream), not an answer.
    if (event.data.trim() === '[DONE]') return meta
    const chunk = parseJson(event.data)
    if (!isRecord(chunk)) {
      return {
        kind: 'error',
        error: new GatewayError({
          kind: 'upstream',
          status: 502,
          code: 'bad_stream',
          message: 'OpenAI upstream sent an unparseable stream event',
        }),
      }
    }
    if (chunk.error !== undefined) return { kind: 'error', error: decodeStreamError(chunk) }
    // A relay's own JSON (`{"code":500,"msg":…}`) is not a chunk: no choices, no usage, not named one.
    if (!Array.isArray(chunk.choices) && chunk.usage === undefined && chunk.object !== 'chat.completion.chunk') {
      return {
        kind: 'error',
        error: new GatewayError({
          kind: 'upstream',
          status: 502,
          code: 'bad_stream',
          message: 'OpenAI upstream sent a stream event that is not a chat completion chunk',
        }),
      }
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices : []
    const usage = decodeUsage(chunk.usage)
    const shows = choices.some(
      (choice) => isRecord(choice) && (hasContent(choice.delta) || Boolean(choice.finish_reason)),
    )
    if (!usage && templates.learning) learnPlainText(templates, event.data, choices)
    if (!usage) return shows ? withText(choices) : meta
    return { ...(shows ? withText(choices) : meta), usage, usageOnly: choices.length === 0 }
  }
}

/** A choice's finish reason (a string; `null` while the answer goes on), or the end marker. */
const finishMark = /"finish_reason"\s*:\s*"|^data:\s*\[DONE\]/m

/** OpenAI chunks often carry `"usage":null`, which says nothing: only an object or an error matters. */
const mayMatter = /"usage"\s*:\s*\{|"error"/

/** OpenAI → OpenAI forwarding. */
export const openaiPassthrough: Passthrough = {
  request: (body, upstreamModel) => passthroughRequest(body, upstreamModel),
  tap,
  // A frame without choices is read: it may be a relay's own JSON rather than a chunk.
  quiet: (raw) => endsObject(raw) && raw.includes('"choices"') && !mayMatter.test(raw),
  finishes: (raw) => finishMark.test(raw),
  // Every chunk names the model at its top level.
  modelRenamer: (model) => createModelRenamer(model, 1),
}

/** A whole frame (its blank line seen) whose data ends a JSON object. */
export function endsObject(raw: string): boolean {
  return raw.endsWith('}\n\n') || raw.endsWith('}\r\n\r\n') || raw.endsWith('}\r\r')
}

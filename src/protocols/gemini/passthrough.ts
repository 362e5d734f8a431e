import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { FrameInfo, Passthrough, PassthroughRequest } from '../codec.ts'
import { endsObject } from '../openai/passthrough.ts'
import type { SseEvent } from '../sse.ts'
import { expectRecord, isRecord, parseJson } from '../shared/read-json.ts'
import { decodeError, readGeminiError } from './decode-error.ts'
import { decodeUsage } from './usage.ts'
import { geminiPaths } from './paths.ts'

/**
 * A Gemini request forwarded to a Gemini upstream. Gemini names the model and the stream in the URL,
 * so the client route carries them in the body as `model` and `stream` (the members `decodeRequest`
 * reads too); they leave the body here and the path says them. Nothing else changes, so the client's
 * own bytes go up (`unchanged`: the route's `bodyText` is the body without those two members).
 */
export function passthroughRequest(body: unknown, upstreamModel: string): PassthroughRequest {
  const { model: _model, stream: streamFlag, ...request } = expectRecord(body, '')
  const stream = streamFlag === true
  // Gemini streams usage on every chunk: nothing is asked for that the client would not see.
  return {
    call: { path: geminiPaths.generate(upstreamModel, stream), body: request },
    includeUsage: true,
    stream,
    unchanged: true,
  }
}

const meta: FrameInfo = Object.freeze({ kind: 'meta' })

/** Whether a chunk shows the client something: a part with data, a finish, or a blocked prompt. */
function showsContent(chunk: JsonObject): boolean {
  if (isRecord(chunk.promptFeedback) && chunk.promptFeedback.blockReason !== undefined) return true
  if (!Array.isArray(chunk.candidates)) return false
  for (const candidate of chunk.candidates) {
    if (!isRecord(candidate)) continue
    if (typeof candidate.finishReason === 'string') return true
    const parts = isRecord(candidate.content) ? candidate.content.parts : undefined
    if (!Array.isArray(parts)) continue
    // An empty text part (Gemini sends them while thinking, some with a signature) shows nothing.
    if (
      parts.some(
        (part) =>
          isRecord(part) && !(typeof part.text === 'string' && part.text === '' && part.functionCall === undefined),
      )
    )
      return true
  }
  return false
}

/** The answer text (not thoughts) a chunk shows. */
function textOf(chunk: JsonObject): string {
  let text = ''
  for (const candidate of Array.isArray(chunk.candidates) ? chunk.candidates : []) {
    const parts = isRecord(candidate) && isRecord(candidate.content) ? candidate.content.parts : undefined
    if (!Array.isArray(parts)) continue
    for (const part of parts)
      if (isRecord(part) && part.thought !== true && typeof part.text === 'string') text += part.text
  }
  return text
}

/**
 * Reads Gemini `alt=sse` chunks as they are forwarded: a chunk with a part, a finish or a prompt block is
 * the commit point, an `{"error":…}` payload is an error, and each `usageMetadata` is a running total
 * (the latest replaces the earlier ones, docs/protocols.md "Usage").
 */
function tap(): (event: SseEvent | undefined) => FrameInfo {
  return (event) => {
    if (!event) return meta
    const chunk = parseJson(event.data)
    if (!isRecord(chunk)) {
      return {
        kind: 'error',
        error: new GatewayError({
          kind: 'upstream',
          status: 502,
          code: 'bad_stream',
          message: 'Gemini upstream sent an unparseable stream event',
        }),
      }
    }
    const error = readGeminiError(chunk)
    if (error) {
      const status = typeof error.code === 'number' && error.code >= 400 ? error.code : 500
      return { kind: 'error', error: decodeError(status, event.data, new Headers(), undefined, Date.now()) }
    }
    // A relay's own JSON (`{"code":500,"msg":…}`) is not a chunk: no candidates, no prompt feedback, no usage.
    if (!Array.isArray(chunk.candidates) && !isRecord(chunk.promptFeedback) && !isRecord(chunk.usageMetadata)) {
      return {
        kind: 'error',
        error: new GatewayError({
          kind: 'upstream',
          status: 502,
          code: 'bad_stream',
          message: 'Gemini upstream sent a stream event that is not a generateContent chunk',
        }),
      }
    }
    const usage = isRecord(chunk.usageMetadata) ? decodeUsage(chunk.usageMetadata) : undefined
    if (!showsContent(chunk)) return usage ? { kind: 'meta', usage } : meta
    const text = textOf(chunk)
    return { kind: 'content', ...(text ? { text } : {}), ...(usage ? { usage } : {}) }
  }
}

/** Gemini names usage and errors in the frames that have them. */
const mayMatter = /"usageMetadata"|"error"/

/** A chunk that finishes the answer: a candidate's finish reason, or a blocked prompt. */
const finishMark = /"finishReason"\s*:\s*"|"blockReason"\s*:\s*"/

/** Gemini → Gemini forwarding; the model the upstream names (`modelVersion`) is its own and stays. */
export const geminiPassthrough: Passthrough = {
  request: (body, upstreamModel) => passthroughRequest(body, upstreamModel),
  tap,
  // A frame without candidates is read: it may be a relay's own JSON rather than a chunk.
  quiet: (raw) => endsObject(raw) && raw.includes('"candidates"') && !mayMatter.test(raw),
  finishes: (raw) => finishMark.test(raw),
  modelRenamer: () => (raw) => raw,
}

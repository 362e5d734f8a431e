import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { Usage } from '../../ir/usage.ts'
import type { FrameInfo, Passthrough, PassthroughRequest } from '../codec.ts'
import { endsObject } from '../openai/passthrough.ts'
import type { SseEvent } from '../sse.ts'
import { expectRecord, isRecord, parseJson } from '../shared/read-json.ts'
import { TextTemplateSlot } from '../shared/text-template.ts'
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

/** The text of a chunk's only part of its only candidate, read from a parsed chunk (where a template's hole must be). */
function onlyPartText(chunk: unknown): unknown {
  if (!isRecord(chunk) || !Array.isArray(chunk.candidates) || chunk.candidates.length !== 1) return undefined
  const [candidate] = chunk.candidates as unknown[]
  const parts = isRecord(candidate) && isRecord(candidate.content) ? candidate.content.parts : undefined
  if (!Array.isArray(parts) || parts.length !== 1) return undefined
  const [part] = parts as unknown[]
  return isRecord(part) ? part.text : undefined
}

/** What a chunk that fits a template says besides its text: the same bytes, so the same usage. */
interface PlainPart {
  usage: Usage | undefined
  thought: boolean
}

/**
 * Learns the template of a chunk whose only effect is its text and its usage: one candidate without a
 * finish, one part that is text (a thought or not) and nothing else, no prompt feedback; so a chunk that
 * fits it differs in nothing but its text, and its usage is the learned one.
 */
function learnPlainPart(templates: TextTemplateSlot<PlainPart>, raw: string, chunk: JsonObject, usage?: Usage): void {
  const candidates: unknown[] = Array.isArray(chunk.candidates) && chunk.candidates.length === 1 ? chunk.candidates : []
  const [candidate] = candidates
  if (!isRecord(candidate) || candidate.finishReason !== undefined || chunk.promptFeedback !== undefined) return
  const parts = isRecord(candidate.content) ? candidate.content.parts : undefined
  const onlyPart: unknown[] = Array.isArray(parts) && parts.length === 1 ? parts : []
  const [part] = onlyPart
  if (!isRecord(part) || typeof part.text !== 'string' || !part.text) return
  const thought = part.thought
  if (Object.keys(part).length !== (thought === undefined ? 1 : 2) || (thought !== undefined && thought !== true))
    return
  templates.learn(raw, 'text', part.text, onlyPartText, { usage, thought: thought === true })
}

/** The frame of a chunk that fits a template: what the parsed chunk would give (see {@link learnPlainPart}). */
function plainPartFrame(text: string, { usage, thought }: PlainPart): FrameInfo {
  // An empty text part shows nothing; a thought shows something but is not the answer's text.
  if (!text) return usage ? { kind: 'meta', usage } : meta
  return { kind: 'content', ...(thought ? {} : { text }), ...(usage ? { usage } : {}) }
}

/**
 * Reads Gemini `alt=sse` chunks as they are forwarded: a chunk with a part, a finish or a prompt block is
 * the commit point, an `{"error":…}` payload is an error, and each `usageMetadata` is a running total
 * (the latest replaces the earlier ones, docs/protocols.md "Usage").
 */
function tap(): (event: SseEvent | undefined) => FrameInfo {
  // A chunk that differs from the last plain text chunk only in its text is read without JSON.parse: every
  // Gemini chunk names usageMetadata, so none is forwarded unread (quiet) and each was parsed: 1.3 → 0.3 µs
  // per 214-byte chunk (Node 20).
  const templates = new TextTemplateSlot<PlainPart>()
  return (event) => {
    if (!event) return meta
    const fast = templates.read(event.data)
    const learned = templates.tag
    if (fast !== undefined && learned) return plainPartFrame(fast, learned)
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
    if (templates.learning) learnPlainPart(templates, event.data, chunk, usage)
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

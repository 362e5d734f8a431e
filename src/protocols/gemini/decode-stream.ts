import { GatewayError } from '../../ir/errors.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { SseEvent } from '../sse.ts'
import { TextTemplateSlot } from '../shared/text-template.ts'
import { createChunkReader } from './chunk-reader.ts'
import type { GeminiContext } from './context.ts'
import { decodeError, readGeminiError } from './decode-error.ts'
import type { GeminiResponse } from './wire-types.ts'
import type { Stepper } from '../codec.ts'

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/**
 * Gemini `alt=sse` events → IR stream parts. There is no sentinel: the end of the body ends the stream,
 * and a stream that ends without a finish reason is reported as truncated. An `{"error":…}` payload or an
 * unparseable one becomes an `error` part, after which nothing more is read.
 */
export function createDecodeStream(context: GeminiContext): Stepper<SseEvent, StreamPart> {
  const reader = createChunkReader(context)
  let done = false
  // Chunks that differ from the last plain text chunk only in their text are read without JSON.parse.
  const templates = new TextTemplateSlot()
  return {
    push(event, out) {
      if (done) return
      const data = event.data.trim()
      if (data === '' || data === '[DONE]') return
      const templated = templates.read(data)
      if (templated !== undefined) {
        for (const part of reader.readText(templated)) out.push(part)
        return
      }
      const parsed = parseJson(data)
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
        done = true
        const message = 'Gemini sent a stream event that is not JSON'
        out.push({
          type: 'error',
          error: new GatewayError({ kind: 'upstream', status: 502, message, upstreamBody: data.slice(0, 500) }),
        })
        return
      }
      const error = readGeminiError(parsed.value)
      if (error) {
        done = true
        const status = typeof error.code === 'number' && error.code >= 400 ? error.code : 500
        out.push({ type: 'error', error: decodeError(status, data, new Headers(), undefined, context.now()) })
        return
      }
      for (const part of reader.read(parsed.value)) out.push(part)
      const text = templates.learning ? plainTextOf(parsed.value) : undefined
      if (text) templates.learn(data, 'text', text, plainTextOf)
    },
    end(out) {
      if (!done) for (const part of reader.end({ requireFinish: true })) out.push(part)
      context.drops.flush()
    },
  }
}

/**
 * The text of a chunk whose one candidate has one part that is only text, with no finish reason and no
 * prompt feedback: a chunk whose whole effect is that text (its usage, if any, repeats the last one).
 */
function plainTextOf(chunk: unknown): string | undefined {
  if (typeof chunk !== 'object' || chunk === null) return undefined
  const { candidates, promptFeedback } = chunk as GeminiResponse
  if (!Array.isArray(candidates) || candidates.length !== 1 || promptFeedback !== undefined) return undefined
  const candidate = candidates[0]
  if (typeof candidate !== 'object' || candidate === null || candidate.finishReason !== undefined) return undefined
  const parts = candidate.content?.parts
  if (!Array.isArray(parts) || parts.length !== 1) return undefined
  const part = parts[0] as Record<string, unknown> | undefined
  if (typeof part !== 'object' || part === null || typeof part.text !== 'string' || Object.keys(part).length !== 1)
    return undefined
  return part.text
}

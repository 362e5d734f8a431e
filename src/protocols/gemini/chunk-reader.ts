import { GatewayError } from '../../ir/errors.ts'
import type { Origin } from '../../ir/origin.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Usage } from '../../ir/usage.ts'
import type { GeminiContext } from './context.ts'
import { decodeBlockReason, decodeFinishReason } from './finish-reason.ts'
import { decodeUsage } from './usage.ts'
import { answerKey, thoughtKey } from './tool-call-cache.ts'
import type { GeminiPart, GeminiResponse, GeminiUsageMetadata, JsonObject } from './wire-types.ts'

/** Turns Gemini response chunks (or one whole response) into IR stream parts, keeping state between chunks. */
export interface ChunkReader {
  read(chunk: GeminiResponse): StreamPart[]
  /** What `read` gives for a chunk like the last one read, with `text` as its only part's text (a text template's chunk). */
  readText(text: string): StreamPart[]
  /** Closes what is open and emits `finish`; without a finish reason, `requireFinish` makes it an error (truncated stream). */
  end(options: { requireFinish: boolean }): StreamPart[]
}

interface OpenBlock {
  kind: 'text' | 'reasoning'
  id: string
  text: string
  signature?: string
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Creates a {@link ChunkReader} (docs/protocols.md, "Answers and streams"): one text or reasoning run stays
 * open across chunks; empty text parts open and close nothing (docs/protocols.md pitfall 7); every function
 * call is whole, gets an id (Gemini's, or a synthesized `call_…`) and has its name and signature remembered
 * in the side cache; usage is the last `usageMetadata` seen, never a sum; a signature on answer text is
 * cached, not emitted.
 */
export function createChunkReader(context: GeminiContext): ChunkReader {
  let started = false
  let origin: Origin = { protocol: 'gemini' }
  let open: OpenBlock | undefined
  let blockCount = 0
  let sawToolCall = false
  let usage: GeminiUsageMetadata | undefined
  let finishRaw: string | undefined
  let blockReason: string | undefined
  let answerText = ''
  let answerSignature: string | undefined

  function close(out: StreamPart[]): void {
    if (!open) return
    if (open.kind === 'text') out.push({ type: 'text-end', id: open.id })
    else {
      out.push({
        type: 'reasoning-end',
        id: open.id,
        ...(open.signature === undefined ? {} : { signature: open.signature }),
      })
      if (open.signature !== undefined && open.text !== '')
        context.caches.thoughts.set(thoughtKey(open.text), open.signature)
    }
    open = undefined
  }

  function ensureOpen(kind: OpenBlock['kind'], out: StreamPart[]): OpenBlock {
    if (open?.kind === kind) return open
    close(out)
    const id = `${kind}-${blockCount++}`
    out.push(kind === 'text' ? { type: 'text-start', id } : { type: 'reasoning-start', id, origin })
    open = { kind, id, text: '' }
    return open
  }

  function readText(part: GeminiPart, text: string, out: StreamPart[]): void {
    if (part.thought === true) {
      if (text !== '') {
        const block = ensureOpen('reasoning', out)
        block.text += text
        out.push({ type: 'reasoning-delta', id: block.id, delta: text })
      }
      if (part.thoughtSignature !== undefined) {
        if (open?.kind === 'reasoning') open.signature = part.thoughtSignature
        else answerSignature = part.thoughtSignature
      }
      return
    }
    if (text !== '') {
      const block = ensureOpen('text', out)
      block.text += text
      answerText += text
      out.push({ type: 'text-delta', id: block.id, delta: text })
    }
    if (part.thoughtSignature !== undefined) answerSignature = part.thoughtSignature
  }

  function readCall(part: GeminiPart, out: StreamPart[]): void {
    const call = part.functionCall
    if (!call) return
    close(out)
    const id = call.id ?? context.generateId('call_')
    const args = isObject(call.args) ? call.args : {}
    const signature = part.thoughtSignature
    sawToolCall = true
    context.caches.calls.set(id, {
      name: call.name,
      ...(signature === undefined ? {} : { thoughtSignature: signature }),
      ...(origin.model === undefined ? {} : { model: origin.model }),
      nativeId: call.id !== undefined,
    })
    out.push({
      type: 'tool-call',
      id,
      name: call.name,
      args,
      ...(signature === undefined ? {} : { signature }),
      origin,
    })
  }

  function readPart(part: GeminiPart, out: StreamPart[]): void {
    if (part.functionCall) return readCall(part, out)
    if (typeof part.text === 'string') return readText(part, part.text, out)
    if (part.inlineData) {
      const { mimeType, data } = part.inlineData
      const markdown = mimeType.startsWith('image/')
        ? `![image](data:${mimeType};base64,${data})`
        : `[${mimeType}](data:${mimeType};base64,${data})`
      return readText({}, markdown, out)
    }
    if (part.fileData) return readText({}, `[file](${part.fileData.fileUri})`, out)
    if (part.thoughtSignature !== undefined && Object.keys(part).length === 1) {
      answerSignature = part.thoughtSignature
      return
    }
    context.drops.drop(`a response part the IR cannot express (${Object.keys(part).join(', ')})`)
  }

  function read(chunk: GeminiResponse): StreamPart[] {
    const out: StreamPart[] = []
    if (chunk.usageMetadata) usage = chunk.usageMetadata
    if (!started) {
      started = true
      const model = chunk.modelVersion ?? ''
      origin = model === '' ? { protocol: 'gemini' } : { protocol: 'gemini', model }
      const startUsage = chunk.usageMetadata ? promptUsage(chunk.usageMetadata) : undefined
      out.push({
        type: 'start',
        id: chunk.responseId ?? context.generateId('gen_'),
        model,
        ...(startUsage === undefined ? {} : { usage: startUsage }),
      })
    }
    const candidate = chunk.candidates?.[0]
    for (const part of candidate?.content?.parts ?? []) readPart(part, out)
    if (candidate?.finishReason !== undefined) finishRaw = candidate.finishReason
    if (chunk.promptFeedback?.blockReason !== undefined) blockReason = chunk.promptFeedback.blockReason
    return out
  }

  function end(options: { requireFinish: boolean }): StreamPart[] {
    const out: StreamPart[] = []
    if (!started) {
      out.push({
        type: 'error',
        error: new GatewayError({ kind: 'upstream', status: 502, message: 'Gemini sent an empty stream' }),
      })
      return out
    }
    close(out)
    if (answerSignature !== undefined && answerText !== '')
      context.caches.thoughts.set(answerKey(answerText), answerSignature)
    if (blockReason === undefined && finishRaw === undefined && options.requireFinish) {
      const message = 'The Gemini stream ended without a finishReason (truncated)'
      out.push({ type: 'error', error: new GatewayError({ kind: 'upstream', status: 502, message }) })
      return out
    }
    const reason =
      blockReason !== undefined ? decodeBlockReason(blockReason) : decodeFinishReason(finishRaw, sawToolCall)
    out.push({ type: 'finish', reason, usage: decodeUsage(usage) })
    return out
  }

  function readPlainText(text: string): StreamPart[] {
    const out: StreamPart[] = []
    readText({}, text, out)
    return out
  }

  return { read, readText: readPlainText, end }
}

/** The prompt side of usage, known from the first chunk (output is still 0). */
function promptUsage(metadata: GeminiUsageMetadata): Usage {
  const { inputTokens, cacheReadTokens } = decodeUsage(metadata)
  return cacheReadTokens === undefined
    ? { inputTokens, outputTokens: 0 }
    : { inputTokens, outputTokens: 0, cacheReadTokens }
}

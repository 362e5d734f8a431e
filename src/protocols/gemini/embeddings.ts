import { GatewayError } from '../../ir/errors.ts'
import type { IREmbeddingRequest } from '../../ir/embeddings.ts'
import type { Embeddings } from '../codec.ts'
import { invalidRequest, isRecord } from '../shared/read-json.ts'
import { bareModelId, geminiPaths, modelResourceName } from './paths.ts'

function embedEntry(request: IREmbeddingRequest, text: string): Record<string, unknown> {
  return {
    content: { parts: [{ text }] },
    ...(request.taskType === undefined ? {} : { taskType: request.taskType }),
    ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
  }
}

/** The text of one `EmbedContentRequest` (its parts' text joined), and what else it asks. */
function readEntry(entry: unknown): { text: string; taskType?: string; dimensions?: number; model?: string } {
  if (!isRecord(entry) || !isRecord(entry.content) || !Array.isArray(entry.content.parts))
    throw invalidRequest('', 'An embedding request needs "content" with "parts"')
  const texts = entry.content.parts.map((part) => (isRecord(part) ? part.text : undefined))
  if (!texts.every((text) => typeof text === 'string')) throw invalidRequest('', 'Embeddings take text parts only')
  return {
    text: texts.join(''),
    ...(typeof entry.taskType === 'string' ? { taskType: entry.taskType } : {}),
    ...(typeof entry.outputDimensionality === 'number' ? { dimensions: entry.outputDimensionality } : {}),
    ...(typeof entry.model === 'string' ? { model: bareModelId(entry.model) } : {}),
  }
}

/** `:embedContent` (one `EmbedContentRequest`) or `:batchEmbedContents` (`{requests: […]}`) → IR. */
function decodeRequest(body: unknown): IREmbeddingRequest {
  if (!isRecord(body)) throw invalidRequest('', 'The embeddings request must be a JSON object')
  const single = !Array.isArray(body.requests)
  const entries = (Array.isArray(body.requests) ? body.requests : [body]).map(readEntry)
  const first = entries[0]
  if (!first) throw invalidRequest('', '"requests" must not be empty')
  return {
    model: first.model ?? (typeof body.model === 'string' ? bareModelId(body.model) : ''),
    inputs: entries.map((entry) => entry.text),
    single,
    encodingFormat: 'float',
    ...(first.dimensions === undefined ? {} : { dimensions: first.dimensions }),
    ...(first.taskType === undefined ? {} : { taskType: first.taskType }),
  }
}

function readVectors(body: unknown): number[][] | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value = body as { embedding?: { values?: unknown }; embeddings?: Array<{ values?: unknown }> }
  const list = value.embeddings ?? (value.embedding ? [value.embedding] : undefined)
  if (!Array.isArray(list)) return undefined
  const vectors = list.map((entry) => entry?.values)
  return vectors.every(
    (vector): vector is number[] => Array.isArray(vector) && vector.every((item) => typeof item === 'number'),
  )
    ? vectors
    : undefined
}

/** A rough token estimate (Gemini reports no usage for embeddings): about four characters a token. */
function estimateTokens(texts: string[]): number {
  return texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0)
}

/**
 * Gemini embeddings: one text goes to `:embedContent`, a list to `:batchEmbedContents` with one entry per
 * text, in order. Gemini reports no usage for them: the prompt's tokens are estimated.
 */
export const geminiEmbeddings: Embeddings = {
  decodeRequest,
  encodeRequest(request, upstreamModel) {
    const first = request.inputs[0]
    if (request.single && first !== undefined) {
      return { path: geminiPaths.embedContent(upstreamModel), body: embedEntry(request, first) }
    }
    const model = modelResourceName(upstreamModel)
    return {
      path: geminiPaths.batchEmbedContents(upstreamModel),
      body: { requests: request.inputs.map((text) => ({ model, ...embedEntry(request, text) })) },
    }
  },
  forward(body, upstreamModel) {
    // The client route carries the path's model and stream flag as `model`/`stream` (see passthrough.ts).
    const { model: _model, stream: _stream, ...own } = body
    if (!Array.isArray(own.requests)) return { path: geminiPaths.embedContent(upstreamModel), body: own }
    // Each entry of a batch names the model again.
    const model = modelResourceName(upstreamModel)
    const entries: unknown[] = own.requests
    const requests = entries.map((entry) => (isRecord(entry) ? { ...entry, model } : entry))
    return { path: geminiPaths.batchEmbedContents(upstreamModel), body: { ...own, requests } }
  },
  decodeResponse(body, request) {
    const vectors = readVectors(body)
    if (!vectors || vectors.length !== request.inputs.length) {
      throw new GatewayError({
        kind: 'upstream',
        status: 502,
        message: `Gemini returned ${vectors?.length ?? 'no'} embeddings for ${request.inputs.length} inputs`,
      })
    }
    return { vectors, inputTokens: estimateTokens(request.inputs) }
  },
  inputTokens: () => undefined,
  encodeResponse: (response, request) =>
    request.single
      ? { embedding: { values: response.vectors[0] ?? [] } }
      : { embeddings: response.vectors.map((values) => ({ values })) },
}

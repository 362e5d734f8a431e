import { GatewayError } from '../../ir/errors.ts'
import type { UpstreamCall } from '../codec.ts'
import { geminiPaths, modelResourceName } from './paths.ts'

/** An OpenAI `/v1/embeddings` request, read and checked for a Gemini upstream. */
export interface EmbeddingsRequest {
  model: string
  /** The texts, in order (`data[i].index = i`). */
  inputs: string[]
  /** The client sent one string (so the single `:embedContent` call is used). */
  single: boolean
  dimensions?: number
  encodingFormat: 'float' | 'base64'
  /** Gemini `taskType` (`RETRIEVAL_QUERY` …), from the non-standard `task_type` field when a client sends it. */
  taskType?: string
}

/** The OpenAI embeddings response the client gets. */
export interface OpenAIEmbeddingsResponse {
  object: 'list'
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>
  model: string
  usage: { prompt_tokens: number; total_tokens: number }
}

function invalid(message: string): GatewayError {
  return new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message })
}

/**
 * Reads an OpenAI embeddings body. Token-id inputs (`int[]`, `int[][]`) cannot be sent to Gemini, which
 * takes text only: refused with a clear 400 rather than guessed at.
 */
export function decodeEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== 'object' || body === null) throw invalid('The embeddings request must be a JSON object')
  const value = body as Record<string, unknown>
  if (typeof value.model !== 'string' || value.model === '') throw invalid('The embeddings request needs a "model"')
  const input = value.input
  const single = typeof input === 'string'
  const inputs = single ? [input] : Array.isArray(input) && input.every((item) => typeof item === 'string') ? input : undefined
  if (!inputs || inputs.length === 0) {
    throw invalid('Gemini embeddings take text: "input" must be a string or a non-empty array of strings (token ids are not supported)')
  }
  const format = value.encoding_format ?? 'float'
  if (format !== 'float' && format !== 'base64') throw invalid('"encoding_format" must be "float" or "base64"')
  const request: EmbeddingsRequest = { model: value.model, inputs, single, encodingFormat: format }
  if (typeof value.dimensions === 'number') request.dimensions = value.dimensions
  const taskType = value.task_type ?? value.taskType
  if (typeof taskType === 'string') request.taskType = taskType
  return request
}

function embedEntry(request: EmbeddingsRequest, text: string): Record<string, unknown> {
  return {
    content: { parts: [{ text }] },
    ...(request.taskType === undefined ? {} : { taskType: request.taskType }),
    ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
  }
}

/** One string → `:embedContent`; a list → `:batchEmbedContents` with one entry per text, in order. */
export function encodeEmbeddingsRequest(request: EmbeddingsRequest, upstreamModel: string): UpstreamCall {
  const first = request.inputs[0]
  if (request.single && first !== undefined) {
    return { path: geminiPaths.embedContent(upstreamModel), body: embedEntry(request, first) }
  }
  const model = modelResourceName(upstreamModel)
  return {
    path: geminiPaths.batchEmbedContents(upstreamModel),
    body: { requests: request.inputs.map((text) => ({ model, ...embedEntry(request, text) })) },
  }
}

function readVectors(body: unknown): number[][] | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value = body as { embedding?: { values?: unknown }; embeddings?: Array<{ values?: unknown }> }
  const list = value.embeddings ?? (value.embedding ? [value.embedding] : undefined)
  if (!Array.isArray(list)) return undefined
  const vectors = list.map((entry) => entry?.values)
  return vectors.every((vector): vector is number[] => Array.isArray(vector) && vector.every((item) => typeof item === 'number'))
    ? vectors
    : undefined
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64')
}

/** A rough token estimate (Gemini reports no usage for embeddings): about four characters a token. */
export function estimateTokens(texts: string[]): number {
  return texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0)
}

/**
 * `{embedding:{values}}` / `{embeddings:[{values}]}` → the OpenAI list, `index` = position. Usage is an
 * estimate (Gemini does not report one). A count mismatch is an upstream error.
 */
export function decodeEmbeddingsResponse(body: unknown, request: EmbeddingsRequest, requestedModel: string): OpenAIEmbeddingsResponse {
  const vectors = readVectors(body)
  if (!vectors || vectors.length !== request.inputs.length) {
    throw new GatewayError({ kind: 'upstream', status: 502, message: `Gemini returned ${vectors?.length ?? 'no'} embeddings for ${request.inputs.length} inputs` })
  }
  const tokens = estimateTokens(request.inputs)
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: request.encodingFormat === 'base64' ? toBase64(vector) : vector,
    })),
    model: requestedModel,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
}

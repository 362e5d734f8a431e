import { GatewayError } from '../../ir/errors.ts'
import type { IREmbeddingRequest } from '../../ir/embeddings.ts'
import type { Embeddings } from '../codec.ts'
import { invalidRequest, isRecord } from '../shared/read-json.ts'

const path = '/embeddings'

/**
 * Reads an OpenAI embeddings body. Token-id inputs (`int[]`, `int[][]`) have no place in the IR, which
 * holds text: refused with a clear 400 rather than guessed at (forwarded unchanged, they still reach an
 * OpenAI upstream).
 */
function decodeRequest(body: unknown): IREmbeddingRequest {
  if (!isRecord(body)) throw invalidRequest('', 'The embeddings request must be a JSON object')
  if (typeof body.model !== 'string' || body.model === '')
    throw invalidRequest('', 'The embeddings request needs a "model"')
  const input = body.input
  const single = typeof input === 'string'
  const inputs = single
    ? [input]
    : Array.isArray(input) && input.every((item) => typeof item === 'string')
      ? input
      : undefined
  if (!inputs || inputs.length === 0) {
    throw invalidRequest(
      '',
      'These embeddings take text: "input" must be a string or a non-empty array of strings (token ids are not supported)',
    )
  }
  const format = body.encoding_format ?? 'float'
  if (format !== 'float' && format !== 'base64')
    throw invalidRequest('', '"encoding_format" must be "float" or "base64"')
  const request: IREmbeddingRequest = { model: body.model, inputs, single, encodingFormat: format }
  if (typeof body.dimensions === 'number') request.dimensions = body.dimensions
  // `task_type` is not OpenAI's: some clients send it for upstreams that take one (Gemini's taskType).
  const taskType = body.task_type ?? body.taskType
  if (typeof taskType === 'string') request.taskType = taskType
  return request
}

/** A vector as OpenAI writes it: numbers, or the base64 of its little-endian float32 bytes. */
function readVector(value: unknown): number[] | undefined {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'number') ? value : undefined
  if (typeof value !== 'string') return undefined
  const bytes = Buffer.from(value, 'base64')
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4)))
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64')
}

function inputTokens(body: unknown): number | undefined {
  const usage = isRecord(body) ? body.usage : undefined
  return isRecord(usage) && typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : undefined
}

/** OpenAI `POST /embeddings`, both as the client's protocol and as an upstream's. */
export const openaiEmbeddings: Embeddings = {
  decodeRequest,
  encodeRequest: (request, upstreamModel) => ({
    path,
    body: {
      model: upstreamModel,
      input: request.single ? request.inputs[0] : request.inputs,
      ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    },
  }),
  forward: (body, upstreamModel) => ({ path, body: { ...body, model: upstreamModel } }),
  decodeResponse(body, request) {
    const data = isRecord(body) && Array.isArray(body.data) ? body.data : []
    const entries = data.filter(isRecord).sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0))
    const vectors = entries.map((entry) => readVector(entry.embedding)).filter((vector) => vector !== undefined)
    if (vectors.length !== entries.length || vectors.length !== request.inputs.length) {
      throw new GatewayError({
        kind: 'upstream',
        status: 502,
        message: `OpenAI upstream returned ${vectors.length} embeddings for ${request.inputs.length} inputs`,
      })
    }
    return { vectors, inputTokens: inputTokens(body) ?? 0 }
  },
  inputTokens,
  encodeResponse: (response, request, requestedModel) => ({
    object: 'list',
    data: response.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: request.encodingFormat === 'base64' ? toBase64(vector) : vector,
    })),
    model: requestedModel,
    usage: { prompt_tokens: response.inputTokens, total_tokens: response.inputTokens },
  }),
}

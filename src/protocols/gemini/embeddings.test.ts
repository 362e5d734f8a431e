import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../ir/errors.ts'
import type { IREmbeddingRequest } from '../../ir/embeddings.ts'
import { openaiEmbeddings } from '../openai/embeddings.ts'
import { geminiEmbeddings } from './embeddings.ts'

// The OpenAI client's request through the IR to Gemini, and Gemini's answer back in OpenAI's shape.
const decodeEmbeddingsRequest = (body: unknown) => openaiEmbeddings.decodeRequest(body)
const encodeEmbeddingsRequest = (request: IREmbeddingRequest, upstreamModel: string) =>
  geminiEmbeddings.encodeRequest(request, upstreamModel)
const decodeEmbeddingsResponse = (body: unknown, request: IREmbeddingRequest, requestedModel: string) =>
  openaiEmbeddings.encodeResponse(geminiEmbeddings.decodeResponse(body, request), request, requestedModel) as {
    data: Array<{ embedding: unknown }>
  }

describe('embeddings (OpenAI shape ↔ Gemini)', () => {
  it('sends a list to batchEmbedContents, one request per text with the resource name and dimensions', () => {
    const request = decodeEmbeddingsRequest({
      model: 'gemini-embedding-001',
      input: ['alpha', 'beta'],
      dimensions: 768,
    })
    expect(encodeEmbeddingsRequest(request, 'gemini-embedding-001')).toEqual({
      path: '/v1beta/models/gemini-embedding-001:batchEmbedContents',
      body: {
        requests: [
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'alpha' }] }, outputDimensionality: 768 },
          { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'beta' }] }, outputDimensionality: 768 },
        ],
      },
    })
  })

  it('sends one string to embedContent, with a task type when the client gives one', () => {
    const request = decodeEmbeddingsRequest({ model: 'e', input: 'alpha', task_type: 'RETRIEVAL_QUERY' })
    expect(encodeEmbeddingsRequest(request, 'models/gemini-embedding-001')).toEqual({
      path: '/v1beta/models/gemini-embedding-001:embedContent',
      body: { content: { parts: [{ text: 'alpha' }] }, taskType: 'RETRIEVAL_QUERY' },
    })
  })

  it('maps batch and single answers to the OpenAI list with index = position and estimated usage', () => {
    const batch = decodeEmbeddingsRequest({ model: 'e', input: ['abcd', 'abcdefgh'] })
    expect(
      decodeEmbeddingsResponse({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }, batch, 'my-embed'),
    ).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
        { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
      ],
      model: 'my-embed',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    })
    const single = decodeEmbeddingsRequest({ model: 'e', input: 'x' })
    expect(decodeEmbeddingsResponse({ embedding: { values: [1] } }, single, 'm').data).toEqual([
      { object: 'embedding', index: 0, embedding: [1] },
    ])
  })

  it('encodes base64 as little-endian float32, as OpenAI does', () => {
    const request = decodeEmbeddingsRequest({ model: 'e', input: 'x', encoding_format: 'base64' })
    const response = decodeEmbeddingsResponse({ embedding: { values: [1, -2.5] } }, request, 'm')
    const encoded = response.data[0]?.embedding
    expect(typeof encoded).toBe('string')
    const bytes = Buffer.from(encoded as string, 'base64')
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 2))).toEqual([1, -2.5])
  })

  it('refuses token-id input with a clear 400 and a wrong count as an upstream error', () => {
    expect(() => decodeEmbeddingsRequest({ model: 'e', input: [1, 2, 3] })).toThrowError(/token ids are not supported/)
    expect(() => decodeEmbeddingsRequest({ model: 'e', input: [] })).toThrowError(GatewayError)
    const request = decodeEmbeddingsRequest({ model: 'e', input: ['a', 'b'] })
    expect(() => decodeEmbeddingsResponse({ embeddings: [{ values: [1] }] }, request, 'm')).toThrowError(
      /1 embeddings for 2 inputs/,
    )
  })

  it('reads Gemini client bodies and writes Gemini answers (Gemini as the client protocol)', () => {
    const single = geminiEmbeddings.decodeRequest({
      content: { parts: [{ text: 'al' }, { text: 'pha' }] },
      taskType: 'RETRIEVAL_QUERY',
      outputDimensionality: 4,
    })
    expect(single).toEqual({
      model: '',
      inputs: ['alpha'],
      single: true,
      encodingFormat: 'float',
      dimensions: 4,
      taskType: 'RETRIEVAL_QUERY',
    })
    expect(geminiEmbeddings.encodeResponse({ vectors: [[1, 2]], inputTokens: 2 }, single, 'm')).toEqual({
      embedding: { values: [1, 2] },
    })
    const batch = geminiEmbeddings.decodeRequest({
      requests: [
        { model: 'models/e', content: { parts: [{ text: 'a' }] } },
        { model: 'models/e', content: { parts: [{ text: 'b' }] } },
      ],
    })
    expect(batch).toMatchObject({ model: 'e', inputs: ['a', 'b'], single: false })
    expect(geminiEmbeddings.encodeResponse({ vectors: [[1], [2]], inputTokens: 2 }, batch, 'm')).toEqual({
      embeddings: [{ values: [1] }, { values: [2] }],
    })
    expect(() => geminiEmbeddings.decodeRequest({ content: { parts: [{ inlineData: {} }] } })).toThrowError(
      /text parts only/,
    )
  })

  it('forwards a Gemini body with only the model renamed, in the path and in each batch entry', () => {
    expect(geminiEmbeddings.forward({ content: { parts: [{ text: 'a' }] } }, 'gemini-embedding-001')).toEqual({
      path: '/v1beta/models/gemini-embedding-001:embedContent',
      body: { content: { parts: [{ text: 'a' }] } },
    })
    expect(
      geminiEmbeddings.forward(
        { requests: [{ model: 'models/x', content: { parts: [{ text: 'a' }] } }] },
        'gemini-embedding-001',
      ),
    ).toEqual({
      path: '/v1beta/models/gemini-embedding-001:batchEmbedContents',
      body: { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } }] },
    })
  })
})

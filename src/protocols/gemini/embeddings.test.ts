import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../ir/errors.ts'
import { decodeEmbeddingsRequest, decodeEmbeddingsResponse, encodeEmbeddingsRequest } from './embeddings.ts'

describe('embeddings (OpenAI shape ↔ Gemini)', () => {
  it('sends a list to batchEmbedContents, one request per text with the resource name and dimensions', () => {
    const request = decodeEmbeddingsRequest({ model: 'gemini-embedding-001', input: ['alpha', 'beta'], dimensions: 768 })
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
    expect(decodeEmbeddingsResponse({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }, batch, 'my-embed')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
        { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
      ],
      model: 'my-embed',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    })
    const single = decodeEmbeddingsRequest({ model: 'e', input: 'x' })
    expect(decodeEmbeddingsResponse({ embedding: { values: [1] } }, single, 'm').data).toEqual([{ object: 'embedding', index: 0, embedding: [1] }])
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
    expect(() => decodeEmbeddingsResponse({ embeddings: [{ values: [1] }] }, request, 'm')).toThrowError(/1 embeddings for 2 inputs/)
  })
})

import { describe, expect, it } from 'vitest'
import { openaiEmbeddings } from './embeddings.ts'

describe('OpenAI embeddings as an upstream', () => {
  const request = openaiEmbeddings.decodeRequest({
    model: 'e',
    input: ['a', 'b'],
    dimensions: 8,
    encoding_format: 'base64',
  })

  it('asks for float vectors whatever the client wants (the client answer is written from the IR)', () => {
    expect(openaiEmbeddings.encodeRequest(request, 'text-embedding-3-small')).toEqual({
      path: '/embeddings',
      body: { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 8 },
    })
    expect(openaiEmbeddings.encodeRequest({ ...request, inputs: ['a'], single: true }, 'm').body).toEqual({
      model: 'm',
      input: 'a',
      dimensions: 8,
    })
  })

  it('reads vectors by index, numbers or base64, and the prompt tokens', () => {
    const base64 = Buffer.from(new Float32Array([0.5, -1]).buffer).toString('base64')
    const body = {
      data: [
        { index: 1, embedding: base64 },
        { index: 0, embedding: [1, 2] },
      ],
      usage: { prompt_tokens: 4, total_tokens: 4 },
    }
    expect(openaiEmbeddings.decodeResponse(body, request)).toEqual({
      vectors: [
        [1, 2],
        [0.5, -1],
      ],
      inputTokens: 4,
    })
    expect(openaiEmbeddings.inputTokens(body)).toBe(4)
    expect(openaiEmbeddings.inputTokens({})).toBeUndefined()
    expect(() => openaiEmbeddings.decodeResponse({ data: [{ index: 0, embedding: [1] }] }, request)).toThrowError(
      /1 embeddings for 2 inputs/,
    )
  })
})

import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

interface OpenAIEmbeddings {
  data: Array<{ object: string; index: number; embedding: number[] | string }>
  [key: string]: unknown
}

let upstream: MockUpstream
let target: TestGateway

const openaiVectors = () =>
  jsonFixture<OpenAIEmbeddings>('e2e/openai/embeddings-response.json').data.map((item) => item.embedding as number[])
const geminiBatch = () =>
  jsonFixture<{ embeddings: Array<{ values: number[] }> }>('e2e/gemini/batch-embed-response.json').embeddings.map(
    (item) => item.values,
  )
const geminiSingle = () =>
  jsonFixture<{ embedding: { values: number[] } }>('e2e/gemini/embed-content-response.json').embedding.values
const float32 = (vector: number[]) => Array.from(new Float32Array(vector))

/** The OpenAI upstream answers as the real API does: base64 float32 when asked (the SDK asks by default). */
function openaiAnswer(body: { encoding_format?: string }) {
  const answer = jsonFixture<OpenAIEmbeddings>('e2e/openai/embeddings-response.json')
  if (body.encoding_format === 'base64') {
    for (const item of answer.data)
      item.embedding = Buffer.from(new Float32Array(item.embedding as number[]).buffer).toString('base64')
  }
  return answer
}

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    const model = /models\/([^:]+):/.exec(request.path)?.[1]
    if (request.path === '/v1/embeddings') return { json: openaiAnswer(request.body as { encoding_format?: string }) }
    if (model === 'gemini-busy') {
      return {
        status: 429,
        json: {
          error: {
            code: 429,
            message: 'Resource has been exhausted (e.g. check quota).',
            status: 'RESOURCE_EXHAUSTED',
          },
        },
      }
    }
    if (request.path.endsWith(':batchEmbedContents'))
      return { json: jsonFixture('e2e/gemini/batch-embed-response.json') }
    if (request.path.endsWith(':embedContent')) return { json: jsonFixture('e2e/gemini/embed-content-response.json') }
    return { status: 500, json: { error: { message: `unexpected ${request.path}` } } }
  })
  const url = upstream.url
  target = await startGateway({
    auth: { tokens: ['client-token'] },
    routing: { maxAttempts: 3 },
    providers: [
      {
        name: 'oa',
        protocol: 'openai',
        baseUrl: `${url}/v1`,
        keys: ['sk-oa-upstream'],
        models: [
          { id: 'text-embedding-3-small', name: 'embed-small' },
          { id: 'text-embedding-3-small', name: 'embed-pool' },
        ],
      },
      {
        name: 'ge',
        protocol: 'gemini',
        baseUrl: url,
        keys: ['gemini-key'],
        priority: -1,
        models: ['gemini-embedding-001', { id: 'gemini-busy', name: 'embed-pool' }],
      },
      { name: 'an', protocol: 'anthropic', baseUrl: url, keys: ['sk-ant'], models: ['claude-haiku-4-5'] },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const client = () => new OpenAI({ baseURL: `${target.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })

describe('POST /openai/v1/embeddings through the OpenAI SDK', () => {
  it('forwards to an OpenAI upstream with only the model renamed, and returns its vectors', async () => {
    const result = await client().embeddings.create({
      model: 'embed-small',
      input: ['pinai routes requests', 'to many upstreams'],
      dimensions: 8,
    })
    expect(result.data.map((item) => item.embedding)).toEqual(openaiVectors().map(float32))
    expect(result.usage).toEqual({ prompt_tokens: 9, total_tokens: 9 })
    const seen = upstream.requests.at(-1)
    expect(seen?.path).toBe('/v1/embeddings')
    expect(seen?.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['pinai routes requests', 'to many upstreams'],
      dimensions: 8,
      encoding_format: 'base64',
    })
    expect(seen?.headers.authorization).toBe('Bearer sk-oa-upstream')
  })

  it('sends a list to Gemini batchEmbedContents and answers in OpenAI shape, in order, base64 as the SDK asked', async () => {
    const result = await client().embeddings.create({
      model: 'gemini-embedding-001',
      input: ['first text', 'second text'],
      dimensions: 8,
    })
    expect(result.object).toBe('list')
    expect(result.model).toBe('gemini-embedding-001')
    expect(result.data.map((item) => item.index)).toEqual([0, 1])
    expect(result.data.map((item) => item.embedding)).toEqual(geminiBatch().map(float32))
    expect(result.usage.prompt_tokens).toBeGreaterThan(0)
    const seen = upstream.requests.at(-1)
    expect(seen?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents')
    expect(seen?.body).toEqual({
      requests: ['first text', 'second text'].map((text) => ({
        model: 'models/gemini-embedding-001',
        content: { parts: [{ text }] },
        outputDimensionality: 8,
      })),
    })
    expect(seen?.headers['x-goog-api-key']).toBe('gemini-key')
  })

  it('sends one string to Gemini embedContent, floats when asked for floats', async () => {
    const result = await client().embeddings.create({
      model: 'gemini-embedding-001',
      input: 'just one',
      encoding_format: 'float',
    })
    expect(result.data).toEqual([{ object: 'embedding', index: 0, embedding: geminiSingle() }])
    const seen = upstream.requests.at(-1)
    expect(seen?.path).toBe('/v1beta/models/gemini-embedding-001:embedContent')
    expect(seen?.body).toEqual({ content: { parts: [{ text: 'just one' }] } })
  })

  it('fails over from a rate-limited Gemini channel to the OpenAI one of the pool, and logs both attempts', async () => {
    const before = target.records.length
    const result = await client().embeddings.create({ model: 'embed-pool', input: ['a', 'b'] })
    expect(result.data.map((item) => item.embedding)).toEqual(openaiVectors().map(float32))
    await eventually(() => target.records.length > before)
    const record = target.records.at(-1)
    expect(record?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
      ['ge', 429],
      ['oa', 200],
    ])
    expect(record).toMatchObject({
      inbound: 'openai',
      kind: 'embeddings',
      provider: 'oa',
      promptTokens: 9,
      success: true,
    })
  })

  it('refuses a model only Anthropic upstreams serve, and token ids Gemini cannot take, in OpenAI shape', async () => {
    const anthropicOnly = client().embeddings.create({ model: 'claude-haiku-4-5', input: 'x' })
    await expect(anthropicOnly).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(anthropicOnly).rejects.toThrow(/no embeddings endpoint/)
    const tokenIds = client().embeddings.create({ model: 'gemini-embedding-001', input: [[1, 2, 3]] })
    await expect(tokenIds).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(tokenIds).rejects.toThrow(/token ids/)
    const wrong = new OpenAI({ baseURL: `${target.url}/openai/v1`, apiKey: 'wrong', maxRetries: 0 })
    await expect(wrong.embeddings.create({ model: 'embed-small', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    )
  })
})

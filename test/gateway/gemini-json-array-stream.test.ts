import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../helpers/call-matrix.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

const chunk = (text: string, finishReason?: string) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, ...(finishReason ? { finishReason } : {}), index: 0 }],
})
const sse = (value: unknown) => `data: ${JSON.stringify(value)}\r\n\r\n`
const overloaded = { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }

let upstream: MockUpstream
let target: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    if (request.path.includes('/late:')) return { sse: [sse(chunk('late', 'STOP'))], firstDelayMs: 250 }
    if (request.path.includes('/broken:')) return { sse: [sse(chunk('half')), sse(overloaded)] }
    return { sse: Array.from({ length: 50 }, (_, index) => sse(chunk(`w${index} `))), delayMs: 40 }
  })
  target = await startGateway({
    auth: { tokens: ['client-token'] },
    routing: { keepAliveInterval: '50ms', maxAttempts: 1 },
    providers: [
      {
        name: 'ge',
        protocol: 'gemini',
        baseUrl: upstream.url,
        keys: ['gemini-key'],
        models: ['late', 'broken', 'slow'],
      },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const key = { 'x-goog-api-key': 'client-token' }
const hello = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }

describe('the JSON-array stream (streamGenerateContent without alt=sse)', () => {
  it('holds the line with white space while the first chunk is late, and stays one JSON array', async () => {
    const response = await fetch(`${target.url}/gemini/v1beta/models/late:streamGenerateContent`, postJson(hello, key))
    expect(response.headers.get('content-type')).toContain('application/json')
    const text = await response.text()
    expect(text.startsWith('\n')).toBe(true)
    expect(JSON.parse(text)).toEqual([chunk('late', 'STOP')])
  })

  it('ends with the error as its last element when the upstream fails mid-stream', async () => {
    const response = await fetch(
      `${target.url}/gemini/v1beta/models/broken:streamGenerateContent`,
      postJson(hello, key),
    )
    expect(response.status).toBe(200)
    expect(JSON.parse(await response.text())).toEqual([chunk('half'), overloaded])
  })

  it('aborts the upstream call when the client leaves, and records a 499', async () => {
    const abortedBefore = upstream.aborted
    const controller = new AbortController()
    const response = await fetch(`${target.url}/gemini/v1beta/models/slow:streamGenerateContent`, {
      ...postJson(hello, key),
      signal: controller.signal,
    })
    const reader = response.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/\[|w0/)
    controller.abort()
    await eventually(() => upstream.aborted > abortedBefore, 2000)
    await eventually(() =>
      target.records.some(
        (record) => record.status === 499 && record.requestedModel === 'slow' && record.inbound === 'gemini',
      ),
    )
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../helpers/call-matrix.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { anthropicSse, openaiSse, startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

let upstream: MockUpstream
let target: TestGateway

const slowOpenai = openaiSse(
  Array.from({ length: 200 }, (_, index) => ({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: `word${index} ` }, finish_reason: null }],
  })),
)
const slowAnthropic = [
  ...anthropicSse([
    {
      type: 'message_start',
      message: {
        id: 'msg',
        type: 'message',
        role: 'assistant',
        model: 'm',
        content: [],
        usage: { input_tokens: 1, output_tokens: 0 },
      },
    } as { type: string },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } as { type: string },
  ]),
  ...anthropicSse(
    Array.from({ length: 200 }, (_, index) => ({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: `w${index}` },
    })),
  ),
]

beforeAll(async () => {
  upstream = await startMockUpstream((request) => ({
    sse: request.path === '/v1/messages' ? slowAnthropic : slowOpenai,
    delayMs: 30,
  }))
  target = await startGateway({
    providers: [
      { name: 'oa', protocol: 'openai', baseUrl: `${upstream.url}/v1`, models: ['slow'] },
      { name: 'an', protocol: 'anthropic', baseUrl: upstream.url, models: ['slow-claude'] },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

describe('client abort mid-stream', () => {
  it.each([
    ['/openai/v1/chat/completions', 'slow'],
    ['/anthropic/v1/messages', 'slow-claude'],
  ])('aborts the upstream call of %s at once and keeps serving', async (path, model) => {
    const abortedBefore = upstream.aborted
    const controller = new AbortController()
    const response = await fetch(`${target.url}${path}`, {
      ...postJson({ model, max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'go' }] }),
      signal: controller.signal,
    })
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toMatch(/w/)
    controller.abort()
    await eventually(() => upstream.aborted > abortedBefore, 2000)
    // The gateway survived the disconnect and still answers.
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200)
    await eventually(() => target.records.some((record) => record.status === 499 && record.requestedModel === model))
  })
})

describe('client abort while pinai holds the line with keep-alives', () => {
  it('aborts the slow upstream and still logs the request as 499', async () => {
    const slow = await startMockUpstream(() => ({ sse: slowOpenai, firstDelayMs: 5000 }))
    const gateway = await startGateway({
      routing: { keepAliveInterval: '100ms' },
      providers: [{ name: 'slow', protocol: 'openai', baseUrl: `${slow.url}/v1`, models: ['sleepy'] }],
    })
    try {
      const controller = new AbortController()
      const response = await fetch(`${gateway.url}/openai/v1/chat/completions`, {
        ...postJson({ model: 'sleepy', stream: true, messages: [] }),
        signal: controller.signal,
      })
      const reader = response.body!.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(': keep-alive\n')
      controller.abort()
      await eventually(() => slow.aborted === 1, 2000)
      await eventually(() =>
        gateway.records.some((record) => record.status === 499 && record.requestedModel === 'sleepy'),
      )
    } finally {
      await gateway.close()
      await slow.close()
    }
  })
})

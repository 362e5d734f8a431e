import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

let upstream: MockUpstream
let target: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream(() => ({ json: jsonFixture('passthrough/openai-chat.json') }))
  const provider = (name: string, models: unknown[], extra: Record<string, unknown> = {}) => ({
    name,
    protocol: 'openai',
    baseUrl: `${upstream.url}/v1`,
    models,
    ...extra,
  })
  target = await startGateway({
    providers: [
      provider('plain', ['deepseek-v3', 'o3-mini', { id: 'house-model', name: 'house', reasoning: true }]),
      provider('marked', [{ id: 'gpt-4o-mini', name: 'marked-mini' }], { reasoning: true }),
      provider('unmarked', [{ id: 'o4-mini', name: 'plain-o4' }], { reasoning: false }),
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

/** What an OpenAI upstream got for an Anthropic request with thinking on (as Claude Code sends). */
async function effortSent(model: string): Promise<unknown> {
  const client = new Anthropic({ baseURL: `${target.url}/anthropic`, apiKey: 'none', maxRetries: 0 })
  const before = upstream.requests.length
  await client.messages.create({
    model,
    max_tokens: 4096,
    thinking: { type: 'enabled', budget_tokens: 2048 },
    messages: [{ role: 'user', content: 'Hi' }],
  })
  return (upstream.requests[before]?.body as Record<string, unknown>).reasoning_effort
}

describe('Anthropic thinking to an OpenAI upstream', () => {
  it('sends reasoning_effort only to models that take one, so a plain model is not answered 400', async () => {
    expect(await effortSent('deepseek-v3')).toBeUndefined()
    expect(await effortSent('o3-mini')).toBe('medium')
    expect(await effortSent('house')).toBe('medium')
    expect(await effortSent('marked-mini')).toBe('medium')
    expect(await effortSent('plain-o4')).toBeUndefined()
  })
})

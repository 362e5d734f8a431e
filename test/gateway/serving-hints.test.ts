import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../helpers/call-matrix.ts'
import { jsonFixture } from '../helpers/fixtures.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

let upstream: MockUpstream
let target: TestGateway
const warnings: string[] = []

beforeAll(async () => {
  upstream = await startMockUpstream((request) =>
    request.path.includes('/messages')
      ? { json: jsonFixture('passthrough/anthropic-message.json') }
      : { json: jsonFixture('passthrough/openai-chat.json') },
  )
  target = await startGateway(
    {
      providers: [
        { name: 'oa', protocol: 'openai', baseUrl: `${upstream.url}/v1`, keys: ['k'], models: ['gpt-5.1'] },
        { name: 'an', protocol: 'anthropic', baseUrl: upstream.url, keys: ['k'], models: ['claude-sonnet-4-5'] },
      ],
    },
    { logger: { info: () => undefined, warn: (line) => void warnings.push(line), error: () => undefined } },
  )
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

// What Codex sends on every Responses call, and the other serving hints both OpenAI APIs take.
const hints = { prompt_cache_key: '019a-session', safety_identifier: 'user-hash-1', service_tier: 'flex' }

async function ask(model: string): Promise<{ body: Record<string, unknown>; notes: string | undefined }> {
  const seen = upstream.requests.length
  const written = target.records.length
  const response = await fetch(`${target.url}/openai/v1/responses`, postJson({ model, input: 'Hi', ...hints }))
  expect(response.status).toBe(200)
  await eventually(() => target.records.length > written)
  return {
    body: upstream.requests[seen]?.body as Record<string, unknown>,
    notes: target.records[target.records.length - 1]?.notes,
  }
}

describe('serving hints of a Responses client', () => {
  it('reach an OpenAI chat upstream as they are, with nothing said dropped', async () => {
    warnings.length = 0
    const { body, notes } = await ask('gpt-5.1')
    expect(body).toMatchObject(hints)
    expect(notes ?? '').not.toMatch(/prompt_cache_key|safety_identifier|service_tier/)
    expect(warnings.join('\n')).not.toMatch(/prompt_cache_key|safety_identifier|service_tier/)
  })

  it('are dropped for an Anthropic upstream, and said so in the log and the record', async () => {
    warnings.length = 0
    const { body, notes } = await ask('claude-sonnet-4-5')
    for (const field of Object.keys(hints)) {
      expect(body).not.toHaveProperty(field)
      expect(notes).toContain(field)
      expect(warnings.join('\n')).toContain(field)
    }
  })
})

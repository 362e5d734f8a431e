import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

let upstream: MockUpstream
let target: TestGateway
const warnings: string[] = []

beforeAll(async () => {
  upstream = await startMockUpstream(() => ({ json: jsonFixture('passthrough/anthropic-message.json') }))
  target = await startGateway(
    {
      providers: [
        {
          name: 'an',
          protocol: 'anthropic',
          baseUrl: upstream.url,
          keys: ['sk-ant-secret-upstream-key'],
          models: ['claude-haiku-4-5'],
        },
      ],
    },
    { logger: { info: () => undefined, warn: (line) => void warnings.push(line), error: () => undefined } },
  )
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

describe("the gateway's codecs", () => {
  it("report what a translation drops through the gateway's logger, one line for the request", async () => {
    const response = await fetch(`${target.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        seed: 7,
        frequency_penalty: 0.5,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    })
    expect(response.status).toBe(200)
    const lines = warnings.filter((line) => line.includes('anthropic upstream'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/seed/)
    expect(lines[0]).toMatch(/frequency_penalty|penalt/)
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sseFixture } from '../helpers/fixtures.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { runPinai, startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import { eventually } from '../helpers/gateway.ts'

let upstream: MockUpstream
let pinai: PinaiProcess
let dir: string

beforeAll(async () => {
  upstream = await startMockUpstream((request) =>
    request.path === '/v1/messages'
      ? { sse: sseFixture('passthrough/anthropic-stream.sse'), delayMs: 10 }
      : { sse: sseFixture('passthrough/openai-stream.sse'), delayMs: 10 },
  )
  dir = mkdtempSync(join(tmpdir(), 'pinai-e2e-'))
  writeFileSync(
    join(dir, 'pinai.config.ts'),
    `export default {
  auth: { tokens: ['\${API_TOKEN}'] },
  providers: [
    { name: 'oa', protocol: 'openai', baseUrl: '${upstream.url}/v1', keys: ['\${OA_KEY}'], models: ['gpt-4o'] },
    { name: 'an', protocol: 'anthropic', baseUrl: '${upstream.url}', keys: ['\${AN_KEY}'], models: ['claude-sonnet-4'] },
  ],
}
`,
  )
  writeFileSync(join(dir, '.env'), 'API_TOKEN=e2e-token\nOA_KEY=sk-oa\nAN_KEY=sk-an\n')
  pinai = await startPinai(['--config', join(dir, 'pinai.config.ts')], {
    cwd: dir,
    env: { DATABASE_URL: `sqlite:${join(dir, 'data', 'pinai.db')}` },
  })
}, 30_000)

afterAll(async () => {
  await pinai?.stop()
  await upstream?.close()
})

describe('the pinai command', () => {
  it('serves the official OpenAI SDK a streamed answer', async () => {
    const client = new OpenAI({ baseURL: `${pinai.url}/openai/v1`, apiKey: 'e2e-token' })
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('Hello! How can I help you today?')
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer sk-oa')
  })

  it('serves the official Anthropic SDK a streamed answer', async () => {
    const client = new Anthropic({ baseURL: `${pinai.url}/anthropic`, apiKey: 'e2e-token' })
    const stream = client.messages.stream({
      model: 'claude-sonnet-4',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    const message = await stream.finalMessage()
    expect(message.content).toEqual(
      [{ type: 'text', text: 'Hello! How can I help?', citations: null }].map(({ type, text }) =>
        expect.objectContaining({ type, text }),
      ),
    )
    expect(message.usage.output_tokens).toBe(15)
  })

  it('rejects the SDK with a wrong token as an authentication error', async () => {
    const client = new OpenAI({ baseURL: `${pinai.url}/openai/v1`, apiKey: 'wrong', maxRetries: 0 })
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('prints one access line per request on stdout and serves /metrics to the token', async () => {
    // The two SDK calls above: one line each, the key nowhere.
    await eventually(() => pinai.output().includes(' default anthropic claude-sonnet-4 -> '))
    const lines = pinai
      .output()
      .split('\n')
      .filter((line) => / -> /.test(line))
    expect(
      lines.filter((line) =>
        / default openai gpt-4o -> oa\/gpt-4o 200 success .*ms ttft=\S+ms tokens=\S+ attempts=1$/.test(line),
      ),
    ).toHaveLength(1)
    expect(
      lines.filter((line) => / default anthropic claude-sonnet-4 -> an\/claude-sonnet-4 200 success /.test(line)),
    ).toHaveLength(1)
    expect(pinai.output()).not.toContain('sk-oa')
    expect((await fetch(`${pinai.url}/metrics`)).status).toBe(401)
    const metrics = await fetch(`${pinai.url}/metrics`, { headers: { authorization: 'Bearer e2e-token' } })
    expect(await metrics.text()).toContain(
      'pinai_requests_total{model="gpt-4o",provider="oa",inbound="openai",kind="generate",outcome="success"} 1',
    )
  })

  it('stops cleanly on SIGTERM', async () => {
    expect(await pinai.stop('SIGTERM')).toBe(0)
    expect(pinai.output()).toMatch(/SIGTERM: shutting down/)
  })
})

describe('pinai check', () => {
  it('says what is wrong and where, and exits 1', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'pinai-check-'))
    writeFileSync(
      join(broken, 'pinai.config.ts'),
      `export default { provders: [], providers: [{ name: 'x', protocol: 'openai', baseUrl: 'nope', keys: ['\${NOT_SET_ANYWHERE}'] }] }\n`,
    )
    const result = await runPinai(['check'], { cwd: broken })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/provders: unknown key/)
    expect(result.stderr).toMatch(/providers\[0\]\.baseUrl: invalid URL/)
    expect(result.stderr).toMatch(/providers\[0\]\.keys\[0\]: environment variable NOT_SET_ANYWHERE is not set/)
  })

  it('accepts the shipped example config', async () => {
    const result = await runPinai(['check'], { cwd: process.cwd() })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/provider/)
  })
})

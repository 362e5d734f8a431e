import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import { rawAsk, type Inbound } from '../routing/clients.ts'
import { scriptedReply } from '../routing/scripted-upstream.ts'

let first: MockUpstream
let second: MockUpstream

beforeAll(async () => {
  first = await startMockUpstream(scriptedReply)
  second = await startMockUpstream(scriptedReply)
})

afterAll(async () => {
  await first.close()
  await second.close()
})

/** A workspace whose pool `m` is an OpenAI provider on `first` and an Anthropic one on `second`, each serving `mode`. */
function workspace(mode: string, server = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinai-records-'))
  writeFileSync(
    join(dir, 'pinai.config.ts'),
    `export default {
  server: { ${server} },
  auth: { tokens: ['client-token'], adminToken: 'admin-token' },
  routing: { keepAliveInterval: 0 },
  storage: { url: 'sqlite:${join(dir, 'pinai.db')}', flushInterval: '200ms' },
  providers: [
    { name: 'first', protocol: 'openai', baseUrl: '${first.url}/v1', models: [{ id: '${mode}@first', name: 'm' }] },
    { name: 'second', protocol: 'anthropic', baseUrl: '${second.url}', models: [{ id: '${mode}@second', name: 'm' }] },
  ],
}
`,
  )
  return dir
}

const start = (dir: string) => startPinai(['--config', join(dir, 'pinai.config.ts')], { cwd: dir })

async function adminGet<T>(pinai: PinaiProcess, path: string): Promise<T> {
  const response = await fetch(`${pinai.url}${path}`, { headers: { authorization: 'Bearer admin-token' } })
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

/** Runs `count` requests, `concurrency` at a time, alternating protocols and stream or not. */
async function traffic(url: string, count: number, concurrency: number): Promise<number> {
  let next = 0
  let answered = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      const inbound: Inbound = index % 2 === 0 ? 'openai' : 'anthropic'
      const response = await rawAsk(inbound, url, index % 3 !== 0)
      await response.text()
      if (response.status === 200) answered += 1
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return answered
}

describe('records under load', () => {
  it('keeps one record per request, and top providers equal what each upstream served', async () => {
    const dir = workspace('burst')
    const pinai = await start(dir)
    try {
      const sent = 2000
      expect(await traffic(pinai.url, sent, 32)).toBe(sent)
      const served = { first: first.requests.length, second: second.requests.length }
      expect(served.first + served.second).toBe(sent)
      // The recorder writes every 200 ms; figures come from the rollups the same writes fold.
      let overview = { requests: 0 }
      for (let tries = 0; tries < 50 && overview.requests < sent; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        overview = await adminGet<{ requests: number }>(pinai, '/api/stats/overview?range=24h')
      }
      expect(overview.requests).toBe(sent)
      const top = await adminGet<{ providersByCalls: Array<{ name: string; requests: number }> }>(
        pinai,
        '/api/stats/top?range=24h',
      )
      expect(Object.fromEntries(top.providersByCalls.map((entry) => [entry.name, entry.requests]))).toEqual(served)
      const logs = await adminGet<{ items: Array<{ provider?: string; attemptCount: number }> }>(
        pinai,
        '/api/logs?limit=500',
      )
      expect(logs.items.filter((item) => !item.provider || item.attemptCount !== 1)).toEqual([])
    } finally {
      await pinai.stop()
    }
  }, 120_000)

  it('lets 20 live streams finish on SIGTERM, exits 0, and finds their 20 records after a restart', async () => {
    const dir = workspace('paced')
    const pinai = await start(dir)
    const streams = Array.from({ length: 20 }, (_, index) =>
      rawAsk(index % 2 === 0 ? 'openai' : 'anthropic', pinai.url, true),
    )
    const responses = await Promise.all(streams)
    // Every stream has begun (headers are sent at its first content) and has about a second to go.
    const signalled = performance.now()
    const exit = pinai.stop('SIGTERM')
    const texts = await Promise.all(responses.map((response) => response.text()))
    expect(performance.now() - signalled).toBeGreaterThan(300)
    for (const text of texts) expect(text).toMatch(/data: \[DONE\]|event: message_stop/)
    expect(await exit).toBe(0)
    expect(pinai.output()).toMatch(/SIGTERM: shutting down/)
    const again = await start(dir)
    try {
      const logs = await adminGet<{ items: Array<{ success: boolean; stream: boolean }> }>(again, '/api/logs?limit=100')
      expect(logs.items).toHaveLength(20)
      expect(logs.items.every((item) => item.success && item.stream)).toBe(true)
    } finally {
      await again.stop()
    }
  }, 60_000)

  it('ends a stream still open at the end of the grace period with an error event in its protocol, and records it', async () => {
    const dir = workspace('stall-mid', "shutdownGrace: '300ms'")
    const pinai = await start(dir)
    const responses = await Promise.all([rawAsk('openai', pinai.url, true), rawAsk('anthropic', pinai.url, true)])
    const exit = pinai.stop('SIGTERM')
    const [openai, anthropic] = await Promise.all(responses.map((response) => response.text()))
    expect(openai).toMatch(/data: \{"error":\{"message":"[^"]*shutting down/)
    expect(anthropic).toMatch(
      /event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"[^"]*shutting down/,
    )
    expect(await exit).toBe(0)
    const again = await start(dir)
    try {
      const logs = await adminGet<{ items: Array<{ success: boolean; error?: string }> }>(again, '/api/logs?limit=10')
      expect(logs.items.map((item) => [item.success, /shutting down/.test(item.error ?? '')])).toEqual([
        [false, true],
        [false, true],
      ])
    } finally {
      await again.stop()
    }
  }, 60_000)
})

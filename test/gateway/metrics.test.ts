import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'
import { parseScrape } from '../helpers/scrape-metrics.ts'
import { fastRouting } from '../routing/clients.ts'
import { startScriptedUpstream } from '../routing/scripted-upstream.ts'
import { createMemoryStore } from '../../src/store/drivers/memory.ts'
import { createRecorder } from '../../src/store/index.ts'

const ADMIN = 'admin-token-for-metrics-0123'
const UPSTREAM_KEY = 'sk-upstream-secret-metrics-4567'

let upstream: MockUpstream
let target: TestGateway
const lines: string[] = []

/** `m` answers; `f` fails over from `bad` to `good2`; `x` has one channel that always fails. */
function config(origin: string, server: Record<string, unknown> = {}) {
  const provider = (name: string, id: string, model: string, priority = 0) => ({
    name,
    protocol: 'openai',
    baseUrl: `${origin}/v1`,
    keys: [UPSTREAM_KEY],
    priority,
    models: [{ id, name: model }],
  })
  return {
    server,
    routing: fastRouting,
    auth: { tokens: ['client-token'], adminToken: ADMIN },
    providers: [
      provider('good', 'ok@good', 'm'),
      provider('bad', 'fail-500@bad', 'f'),
      provider('good2', 'ok@good2', 'f', 1),
      provider('dead', 'fail-500@dead', 'x'),
    ],
  }
}

const scrape = async (url: string, token: string | null = ADMIN) =>
  fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {})

beforeAll(async () => {
  upstream = await startScriptedUpstream()
  const logger = { info: (line: string) => lines.push(line), warn: () => undefined, error: () => undefined }
  target = await startGateway(config(upstream.url), { logger })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

describe('GET /metrics', () => {
  it('parses as Prometheus text and counts exactly the requests sent', async () => {
    expect((await chat('m')).text).toContain('answer from ok@good')
    expect((await chat('m', { stream: true })).text).toContain('[DONE]')
    expect((await chat('m', { inbound: 'anthropic', stream: true })).text).toContain('message_stop')
    // `f`: the first channel fails, the second answers (one failover).
    expect((await chat('f', { stream: true })).text).toContain('good2')
    // `x`: the only channel fails.
    expect((await chat('x')).status).toBeGreaterThanOrEqual(500)
    const count = await fetch(`${target.url}/anthropic/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(count.status).toBe(200)
    await eventually(() => target.records.length === 6)

    const response = await scrape(target.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const metrics = parseScrape(await response.text())
    expect(metrics.families.get('pinai_requests_total')?.type).toBe('COUNTER')

    expect(metrics.sum('pinai_requests_total')).toBe(5)
    expect(
      metrics.sum('pinai_requests_total', { model: 'm', provider: 'good', inbound: 'openai', outcome: 'success' }),
    ).toBe(2)
    expect(
      metrics.sum('pinai_requests_total', { model: 'm', provider: 'good', inbound: 'anthropic', outcome: 'success' }),
    ).toBe(1)
    expect(metrics.sum('pinai_requests_total', { model: 'f', provider: 'good2', outcome: 'success' })).toBe(1)
    expect(metrics.sum('pinai_requests_total', { model: 'x', provider: 'dead', outcome: 'error' })).toBe(1)
    expect(metrics.sum('pinai_count_tokens_requests_total', { outcome: 'success' })).toBe(1)
    expect(metrics.sum('pinai_failovers_total', { model: 'f' })).toBe(1)
    expect(metrics.sum('pinai_failovers_total')).toBe(1)

    const calls = target.records.filter((record) => record.kind !== 'count_tokens')
    expect(metrics.histogramCount('pinai_request_duration_seconds')).toBe(5)
    expect(metrics.histogramCount('pinai_time_to_first_token_seconds')).toBe(
      calls.filter((record) => record.ttftMs !== undefined).length,
    )
    // TTFT is measured on streams: the three that answered.
    expect(metrics.histogramCount('pinai_time_to_first_token_seconds')).toBe(3)
    const total = (pick: (record: (typeof calls)[number]) => number | undefined) =>
      calls.reduce((sum, record) => sum + (pick(record) ?? 0), 0)
    expect(metrics.sum('pinai_tokens_total', { type: 'prompt' })).toBe(total((record) => record.promptTokens))
    expect(metrics.sum('pinai_tokens_total', { type: 'completion' })).toBe(total((record) => record.completionTokens))
    expect(metrics.sum('pinai_tokens_total', { type: 'prompt' })).toBeGreaterThan(0)

    // The failed channels cool down; the healthy ones are ok.
    expect(metrics.sum('pinai_channel_state', { provider: 'bad', state: 'cooling' })).toBe(1)
    expect(metrics.sum('pinai_channel_state', { provider: 'dead', state: 'cooling' })).toBe(1)
    expect(metrics.sum('pinai_channel_state', { provider: 'good', state: 'ok' })).toBe(1)
    expect(metrics.sum('pinai_channel_state', { provider: 'good', state: 'cooling' })).toBe(0)
  })

  it('needs the admin token unless server.metrics is public, and skips the browser checks of /api', async () => {
    expect((await scrape(target.url, null)).status).toBe(401)
    expect((await scrape(target.url, 'client-token')).status).toBe(401)
    // A scraper's Host is whatever name it reaches pinai by: only the token counts.
    const named = await target.gateway.fetch(
      new Request('http://metrics.internal.example/metrics', { headers: { authorization: `Bearer ${ADMIN}` } }),
    )
    expect(named.status).toBe(200)
    target.holder.set(config(upstream.url, { metrics: 'public' }))
    try {
      expect((await scrape(target.url, null)).status).toBe(200)
    } finally {
      target.holder.set(config(upstream.url))
    }
    expect((await scrape(target.url, null)).status).toBe(401)
  })

  it("shows the recorder's buffer and drops when storage is on, and still counts every request", async () => {
    const store = createMemoryStore()
    // No flush during the test: the records wait in the buffer.
    const recorder = createRecorder(store, { flushIntervalMs: 600_000, pruneIntervalMs: 0, logger: quietLogger })
    const stored = await startGateway(config(upstream.url), { stats: { store, recorder } })
    try {
      const ask = (model: string) =>
        fetch(`${stored.url}/openai/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
        })
      expect((await ask('m')).status).toBe(200)
      expect((await ask('m')).status).toBe(200)
      await eventually(() => recorder.status().pending === 2)
      const metrics = parseScrape(await (await scrape(stored.url)).text())
      expect(metrics.sum('pinai_recorder_pending_records')).toBe(2)
      expect(metrics.sum('pinai_recorder_dropped_records_total')).toBe(0)
      expect(
        metrics.families
          .get('pinai_recorder_dropped_records_total')
          ?.metrics.map((sample) => sample.labels?.cause)
          .sort(),
      ).toEqual(['closed', 'store-down', 'store-slow'])
      expect(metrics.sum('pinai_requests_total', { model: 'm', outcome: 'success' })).toBe(2)
    } finally {
      await stored.close()
      await recorder.close()
    }
  })

  it('keeps one registry per gateway', async () => {
    const other = await startGateway(config(upstream.url))
    try {
      const metrics = parseScrape(await (await scrape(other.url)).text())
      expect(metrics.sum('pinai_requests_total')).toBe(0)
      expect(metrics.sum('pinai_channel_state', { provider: 'bad', state: 'ok' })).toBe(1)
    } finally {
      await other.close()
    }
  })
})

describe('the access log', () => {
  it('writes one line per request with its fields, redacted and escaped', async () => {
    lines.length = 0
    const before = target.records.length
    expect((await chat('f', { stream: true })).status).toBe(200)
    // A model name holding the upstream key and an escape sequence: neither reaches the log as sent.
    const odd = await fetch(`${target.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${UPSTREAM_KEY}\u001b[31m`, messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(odd.status).toBe(404)
    await eventually(() => target.records.length === before + 2 && lines.length === 2)
    const [answered, refused] = [target.records[before]!, target.records[before + 1]!]
    expect(lines[0]).toBe(
      `${new Date(answered.time).toISOString()} ${answered.id} default openai f -> good2/ok@good2 200 success ${answered.durationMs}ms ttft=${answered.ttftMs}ms tokens=9/2 attempts=1`,
    )
    expect(lines[1]).toContain(`${refused.id} default openai `)
    expect(lines[1]).toMatch(/ -> - 404 error \S+ms ttft=- tokens=-\/- attempts=0$/)
    expect(lines.join('\n')).not.toContain(UPSTREAM_KEY)
    expect(lines.join('\n')).not.toContain('\u001b')
  })

  it('is off with server.accessLog: false', async () => {
    lines.length = 0
    target.holder.set(config(upstream.url, { accessLog: false }))
    try {
      expect((await chat('m')).status).toBe(200)
      const seen = target.records.length
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(target.records.length).toBe(seen)
      expect(lines).toEqual([])
    } finally {
      target.holder.set(config(upstream.url))
    }
  })
})

/** Asks for `model` in `inbound`'s protocol through a plain fetch; resolves with the status and whole body. */
async function chat(
  model: string,
  options: { inbound?: 'openai' | 'anthropic'; stream?: boolean } = {},
): Promise<{ status: number; text: string }> {
  const inbound = options.inbound ?? 'openai'
  const path = inbound === 'openai' ? '/openai/v1/chat/completions' : '/anthropic/v1/messages'
  const body = { model, max_tokens: 64, stream: options.stream ?? false, messages: [{ role: 'user', content: 'hi' }] }
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, text: await response.text() }
}

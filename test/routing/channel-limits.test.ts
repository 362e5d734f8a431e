import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { parseScrape } from '../helpers/scrape-metrics.ts'
import { fastRouting, rawAsk } from './clients.ts'
import { answerOf, requestsFor, startScriptedUpstream } from './scripted-upstream.ts'

let upstream: MockUpstream
let rpmGateway: TestGateway
let concurrencyGateway: TestGateway
let tpmGateway: TestGateway
// The rpm gateway's clock: its minute passes when the test says so.
const clock = { now: Date.UTC(2026, 0, 1, 12, 0, 0, 0) }
const rpmId = 'quick@channel-rpm'
const concurrencyId = 'paced@channel-concurrency'

beforeAll(async () => {
  upstream = await startScriptedUpstream()
  const auth = { adminToken: 'admin-token-for-metrics', clients: [{ name: 'client', token: 'client-token' }] }
  rpmGateway = await startGateway(
    {
      routing: { ...fastRouting, strategy: 'round-robin' },
      auth,
      providers: [
        {
          name: 'relay',
          protocol: 'openai',
          baseUrl: `${upstream.url}/v1`,
          keys: ['sk-limit-key-one', 'sk-limit-key-two'],
          limits: { rpm: 60 },
          models: [{ id: rpmId, name: 'm' }],
        },
      ],
    },
    { now: () => clock.now },
  )
  concurrencyGateway = await startGateway({
    routing: { ...fastRouting, queueTimeout: '3s' },
    auth,
    providers: [
      {
        name: 'single',
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
        keys: ['sk-limit-key-one'],
        limits: { concurrency: 1 },
        models: [{ id: concurrencyId, name: 'm' }],
      },
    ],
  })
  // One key per provider, 100 tokens a minute each: `j` answers whole JSON (13 tokens), `s` streams (11).
  tpmGateway = await startGateway(
    {
      routing: { ...fastRouting },
      auth,
      providers: [
        {
          name: 'json-relay',
          protocol: 'openai',
          baseUrl: `${upstream.url}/v1`,
          keys: ['sk-tpm-key-json'],
          limits: { tpm: 100 },
          models: [{ id: 'quick@tpm-json', name: 'j' }],
        },
        {
          name: 'stream-relay',
          protocol: 'anthropic',
          baseUrl: upstream.url,
          keys: ['sk-tpm-key-stream'],
          limits: { tpm: 100 },
          models: [{ id: 'quick@tpm-stream', name: 's' }],
        },
      ],
    },
    { now: () => clock.now },
  )
})

afterAll(async () => {
  await rpmGateway?.close()
  await concurrencyGateway?.close()
  await tpmGateway?.close()
  await upstream?.close()
})

/** Requests the upstream saw for `id`, per key (the bearer token it was sent). */
function perKey(id: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const request of upstream.requests) {
    if ((request.body as { model?: string } | undefined)?.model !== id) continue
    const key = String(request.headers.authorization ?? '')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

describe('limits per channel key', () => {
  it('rpm 60 with two keys: 120 requests in one second all succeed, never more than 60 per key; the next gets a 429 with Retry-After until the minute passes', async () => {
    const statuses: number[] = []
    // Ten at a time, all in the same second of the gateway's clock.
    for (let batch = 0; batch < 12; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => rawAsk(batch % 2 === 0 ? 'openai' : 'anthropic', rpmGateway.url, false)),
      )
      for (const answer of answers) {
        statuses.push(answer.status)
        await answer.text()
      }
      const counts = perKey(rpmId)
      for (const count of counts.values()) expect(count).toBeLessThanOrEqual(60)
    }
    expect(statuses.every((status) => status === 200)).toBe(true)
    expect([...perKey(rpmId).entries()].sort()).toEqual([
      ['Bearer sk-limit-key-one', 60],
      ['Bearer sk-limit-key-two', 60],
    ])

    // Both keys are spent: the caller gets a 429 in its own protocol, and no upstream is asked.
    clock.now += 20_000
    const openai = await rawAsk('openai', rpmGateway.url, false)
    expect(openai.status).toBe(429)
    expect(openai.headers.get('retry-after')).toBe('40')
    expect(await openai.json()).toMatchObject({ error: { type: 'rate_limit_error' } })
    const started = Date.now()
    const anthropic = await rawAsk('anthropic', rpmGateway.url, false)
    // No key frees within the queue time, so the request does not wait for it.
    expect(Date.now() - started).toBeLessThan(1500)
    expect(anthropic.status).toBe(429)
    expect(anthropic.headers.get('retry-after')).toBe('40')
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } })
    expect([...perKey(rpmId).values()]).toEqual([60, 60])

    // The minute has passed: both keys have their budget back.
    clock.now += 40_000
    const again = await rawAsk('openai', rpmGateway.url, false)
    expect(again.status).toBe(200)
    expect(await again.text()).toContain(answerOf(rpmId))
  })

  it('concurrency 1: a second request waits until the first stream ends, and a client who leaves frees the slot', async () => {
    const seen = () => perKey(concurrencyId).get('Bearer sk-limit-key-one') ?? 0
    const first = await rawAsk('openai', concurrencyGateway.url, true)
    expect(first.status).toBe(200)
    const reader = first.body!.getReader()
    await reader.read()
    const second = rawAsk('anthropic', concurrencyGateway.url, true)
    await new Promise((resolve) => setTimeout(resolve, 100))
    // The first stream is still running: the second has not reached the upstream.
    expect(seen()).toBe(1)
    let firstText = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      firstText += new TextDecoder().decode(value)
    }
    expect(firstText).toContain('[DONE]')
    const secondAnswer = await second
    expect(secondAnswer.status).toBe(200)
    const secondText = await secondAnswer.text()
    // Streamed in two deltas: the answer's end, and the protocol's last event.
    expect(secondText).toContain(answerOf(concurrencyId).slice(7))
    expect(secondText).toContain('message_stop')
    expect(seen()).toBe(2)

    // A stream whose client goes away gives its slot back: the next request does not wait for the queue's end.
    const controller = new AbortController()
    const leaving = await rawAsk('openai', concurrencyGateway.url, true, controller.signal)
    await leaving.body!.getReader().read()
    controller.abort()
    const started = Date.now()
    const next = await rawAsk('openai', concurrencyGateway.url, true)
    expect(next.status).toBe(200)
    await next.text()
    expect(Date.now() - started).toBeLessThan(2500)
    expect(seen()).toBe(4)

    // The second request waited in the queue (about the first stream's second) and got its slot: no 429.
    const text = await (
      await fetch(`${concurrencyGateway.url}/metrics`, { headers: { authorization: 'Bearer admin-token-for-metrics' } })
    ).text()
    const scrape = parseScrape(text)
    expect(scrape.histogramCount('pinai_queue_wait_seconds', { model: 'm' })).toBeGreaterThanOrEqual(1)
    const waited = text.split('\n').find((line) => line.startsWith('pinai_queue_wait_seconds_sum{model="m"} '))
    expect(Number(waited?.split(' ')[1])).toBeGreaterThan(0.2)
    expect(scrape.sum('pinai_queue_refused_total')).toBe(0)
  })

  it('tpm 100: the usage the upstream reports replaces the estimate, so a key takes requests until the reported tokens reach 100, then a 429 until the minute passes', async () => {
    // About 400 characters of prompt: each request is estimated at about 100 tokens before it is sent,
    // and the upstream reports 13 (JSON) or 11 (a stream) once it has answered.
    const prompt = 'Say hello. '.repeat(36)
    const send = (model: string, stream: boolean) =>
      fetch(`${tpmGateway.url}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
        body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: prompt }] }),
      })
    const sendUntilRefused = async (model: string, stream: boolean) => {
      for (let count = 0; count < 30; count++) {
        const answer = await send(model, stream)
        const text = await answer.text()
        if (answer.status !== 200) return { count, answer, text }
        // A stream's usage is counted when it ends: its record is written then.
        await eventually(() => tpmGateway.records.length === records + count + 1)
      }
      throw new Error('never refused')
    }
    let records = tpmGateway.records.length
    // 13 tokens each: 7 requests hold 91, the 8th brings 104; without the correction the estimate would stop it at 1.
    const json = await sendUntilRefused('j', false)
    expect(json.count).toBe(8)
    expect(json.answer.status).toBe(429)
    expect(json.answer.headers.get('retry-after')).toBe('60')
    expect(JSON.parse(json.text)).toMatchObject({ error: { type: 'rate_limit_error' } })
    expect(perKey('quick@tpm-json').get('Bearer sk-tpm-key-json')).toBe(8)

    records = tpmGateway.records.length
    // 11 tokens each (9 prompt, 2 completion): the 10th brings 110.
    const stream = await sendUntilRefused('s', true)
    expect(stream.count).toBe(10)
    expect(stream.answer.status).toBe(429)
    expect(requestsFor(upstream, 'quick@tpm-stream')).toBe(10)

    clock.now += 60_000
    expect((await send('j', false)).status).toBe(200)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { askFailing, poolConfig, rawAsk, type Inbound } from './clients.ts'
import { partialText, refusedUrl, requestsFor, startScriptedUpstream } from './scripted-upstream.ts'

let upstream: MockUpstream
let refused: string

beforeAll(async () => {
  upstream = await startScriptedUpstream()
  refused = await refusedUrl()
})

afterAll(async () => {
  await upstream.close()
})

/** Checks a JSON error body has the shape of the client's protocol, and only that one. */
function expectErrorShape(inbound: Inbound, body: unknown): void {
  const parsed = body as { type?: string; error?: { type?: string; message?: string } }
  expect(typeof parsed.error?.message).toBe('string')
  if (inbound === 'anthropic') {
    expect(parsed.type).toBe('error')
    expect(typeof parsed.error?.type).toBe('string')
  } else {
    expect(parsed.type).toBeUndefined()
  }
}

/** Checks a stream ended with one error event in the client's protocol (and nothing after it). */
function expectStreamError(inbound: Inbound, text: string): void {
  // Keep-alive comments are single lines without a blank line after them: drop them before splitting.
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.startsWith(':'))
    .join('\n')
  const events = withoutComments.split(/\n\n/).filter((event) => event.trim())
  const last = events.at(-1) ?? ''
  if (inbound === 'openai') {
    expect(last).toMatch(/^data: \{"error":/)
    expect(text).not.toContain('[DONE]')
    expectErrorShape('openai', JSON.parse(last.slice('data: '.length)))
  } else {
    expect(last).toMatch(/^event: error\ndata: /)
    expectErrorShape('anthropic', JSON.parse(last.split('\ndata: ')[1] ?? ''))
  }
}

describe.each<Inbound>(['openai', 'anthropic'])('%s client', (inbound) => {
  it.each([
    ['non-stream', false],
    ['stream', true],
  ])(
    "%s: the client's own 400 comes straight back, in its shape, failing over to nothing and cooling nothing",
    async (_mode, stream) => {
      const spare = `ok@spare-400-${inbound}-${stream}`
      const target = await startGateway(
        poolConfig([
          { name: 'strict', protocol: inbound, origin: upstream.url, id: `fail-400@${inbound}-${stream}` },
          { name: 'spare', protocol: inbound, origin: upstream.url, id: spare, priority: 1 },
        ]),
      )
      try {
        const response = await rawAsk(inbound, target.url, stream)
        expect(response.status).toBe(400)
        expectErrorShape(inbound, await response.json())
        // Not cooled: the next request goes to the same channel and gets the same 400, through the SDK.
        const error = await askFailing(inbound, target.url, stream)
        expect(error.status).toBe(400)
        await eventually(() => target.records.length === 2)
        for (const record of target.records)
          expect(record.attempts.map((attempt) => `${attempt.provider}:${attempt.status}`)).toEqual(['strict:400'])
        expect(requestsFor(upstream, spare)).toBe(0)
        expect(target.gateway.health.snapshot().every((row) => row.state === 'ok')).toBe(true)
      } finally {
        await target.close()
      }
    },
  )

  it.each([
    ['drops', 'drop-mid'],
    ['goes silent (idle timeout)', 'stall-mid'],
  ])(
    'stream: when the upstream %s after the first content, the client gets the content, then an error event, and the stream ends',
    async (_label, mode) => {
      const id = `${mode}@${inbound}`
      const target = await startGateway(
        poolConfig([
          { name: 'flaky', protocol: inbound, origin: upstream.url, id },
          { name: 'spare', protocol: inbound, origin: upstream.url, id: `ok@spare-${mode}-${inbound}`, priority: 1 },
        ]),
      )
      try {
        const response = await rawAsk(inbound, target.url, true)
        expect(response.status).toBe(200)
        const text = await response.text()
        expect(text).toContain(partialText)
        expect(text).not.toContain('never sent')
        expectStreamError(inbound, text)
        // Past the commit point there is no failover: the spare was never asked.
        expect(requestsFor(upstream, `ok@spare-${mode}-${inbound}`)).toBe(0)
        await eventually(() => target.records.length >= 1)
        expect(target.records[0]?.attempts).toHaveLength(1)
        // But the broken channel's health heard of it: it cools down, and the next request goes to the spare.
        const flaky = target.gateway.health.snapshot().find((row) => row.provider === 'flaky')
        expect(flaky?.state).toBe('cooling')
        const again = await rawAsk(inbound, target.url, true)
        expect(await again.text()).not.toMatch(/"type":"error"|"error":\{/)
        expect(requestsFor(upstream, `ok@spare-${mode}-${inbound}`)).toBe(1)
      } finally {
        await target.close()
      }
    },
  )

  it('non-stream: with no healthy channel, the last error in the client’s shape, never an upstream key error', async () => {
    const target = await startGateway(
      poolConfig([
        {
          name: 'keyless',
          protocol: inbound,
          origin: upstream.url,
          id: `fail-401@none-${inbound}`,
          keys: ['sk-revoked-key'],
        },
        { name: 'gone', protocol: inbound, origin: refused, id: 'ok@gone', priority: 1 },
        { name: 'broken', protocol: inbound, origin: upstream.url, id: `fail-503@none-${inbound}`, priority: 2 },
      ]),
    )
    try {
      const response = await rawAsk(inbound, target.url, false)
      expect(response.status).toBe(503)
      const body = await response.text()
      expectErrorShape(inbound, JSON.parse(body))
      expect(body).not.toContain('sk-revoked-key')
      await eventually(() => target.records.length === 1)
      expect(target.records[0]?.attempts.map((attempt) => attempt.status)).toEqual([401, 0, 503])

      const onlyKey = await startGateway(
        poolConfig([
          {
            name: 'keyless',
            protocol: inbound,
            origin: upstream.url,
            id: `fail-401@only-${inbound}`,
            keys: ['sk-revoked-key'],
          },
        ]),
      )
      try {
        // The client's own token was fine: it must not see a 401 meant for our upstream key.
        const error = await askFailing(inbound, onlyKey.url, false)
        expect(error.status).toBe(502)
      } finally {
        await onlyKey.close()
      }
    } finally {
      await target.close()
    }
  })

  it('non-stream: every channel rate-limited gives the client a 429 with Retry-After', async () => {
    const target = await startGateway(
      poolConfig([{ name: 'busy', protocol: inbound, origin: upstream.url, id: `fail-429@only-${inbound}` }]),
    )
    try {
      const response = await rawAsk(inbound, target.url, false)
      expect(response.status).toBe(429)
      expect(response.headers.get('retry-after')).toBe('30')
      expectErrorShape(inbound, await response.json())
    } finally {
      await target.close()
    }
  })

  it('stream: with no healthy channel, a failure after the keep-alives began ends as an error event in the client’s protocol', async () => {
    const target = await startGateway(
      poolConfig([
        { name: 'down', protocol: inbound, origin: upstream.url, id: `fail-500@stream-${inbound}` },
        { name: 'stuck', protocol: inbound, origin: upstream.url, id: `hang@stream-${inbound}`, priority: 1 },
      ]),
    )
    try {
      const response = await rawAsk(inbound, target.url, true)
      expect(response.status).toBe(200)
      const text = await response.text()
      expect(text).toContain(': keep-alive')
      expectStreamError(inbound, text)
      await eventually(() => target.records.length === 1)
      expect(target.records[0]).toMatchObject({ success: false })
      expect(target.records[0]?.attempts.map((attempt) => attempt.errorClass)).toEqual(['upstream', 'timeout'])
    } finally {
      await target.close()
    }
  })

  it('stream: a failure before the first keep-alive keeps its real status', async () => {
    const target = await startGateway(
      poolConfig([{ name: 'down', protocol: inbound, origin: upstream.url, id: `fail-500@early-${inbound}` }], {
        keepAliveInterval: '2s',
      }),
    )
    try {
      const response = await rawAsk(inbound, target.url, true)
      expect(response.status).toBe(500)
      expectErrorShape(inbound, await response.json())
    } finally {
      await target.close()
    }
  })

  it('stream: keep-alive comments hold the line while the first channel is slow, and its first-byte timeout still fails over', async () => {
    const target = await startGateway(
      poolConfig([
        { name: 'slow', protocol: inbound, origin: upstream.url, id: `slow-first@ka-${inbound}` },
        { name: 'quick', protocol: inbound, origin: upstream.url, id: `ok@ka-${inbound}`, priority: 1 },
      ]),
    )
    try {
      const started = performance.now()
      const response = await rawAsk(inbound, target.url, true)
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      const pieces: Array<{ text: string; at: number }> = []
      for (let next = await reader.read(); !next.done; next = await reader.read())
        pieces.push({ text: decoder.decode(next.value), at: performance.now() - started })
      const text = pieces.map((piece) => piece.text).join('')
      const firstKeepAlive = pieces.find((piece) => piece.text.includes(': keep-alive'))
      const firstContent = pieces.find((piece) => piece.text.includes('answer'))
      expect(firstKeepAlive).toBeDefined()
      expect(firstContent).toBeDefined()
      expect(firstKeepAlive!.at).toBeLessThan(firstContent!.at)
      expect(firstContent!.at).toBeGreaterThanOrEqual(350) // after the 400 ms first-byte timeout …
      expect(firstContent!.at).toBeLessThan(2500) // … long before the slow channel would have answered
      expect(text).not.toContain('too late')
      expect(text).not.toMatch(/"error"/)
      await eventually(() => target.records.length === 1)
      expect(target.records[0]?.attempts.map((attempt) => `${attempt.provider}:${attempt.errorClass ?? 'ok'}`)).toEqual(
        ['slow:timeout', 'quick:ok'],
      )
    } finally {
      await target.close()
    }
  })

  it('a client that leaves while the gateway waits for a first byte aborts the upstream call and cools nothing', async () => {
    const id = `hang@leave-${inbound}`
    const target = await startGateway(
      poolConfig([{ name: 'waiting', protocol: inbound, origin: upstream.url, id }], { firstByteTimeout: '10s' }),
    )
    try {
      const abortedBefore = upstream.aborted
      const controller = new AbortController()
      const pending = rawAsk(inbound, target.url, false, controller.signal).catch(() => undefined)
      await eventually(() => requestsFor(upstream, id) === 1)
      controller.abort()
      await pending
      await eventually(() => upstream.aborted > abortedBefore, 2000)
      await eventually(() => target.records.length === 1)
      expect(target.records[0]).toMatchObject({ status: 499 })
      expect(target.gateway.health.snapshot().every((row) => row.state === 'ok')).toBe(true)
    } finally {
      await target.close()
    }
  })
})

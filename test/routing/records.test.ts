import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { poolConfig, rawAsk, type Inbound } from './clients.ts'
import { startScriptedUpstream } from './scripted-upstream.ts'

let upstream: MockUpstream
let target: TestGateway

beforeAll(async () => {
  upstream = await startScriptedUpstream()
  target = await startGateway(poolConfig([]))
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

/** Healthy answers at three timings: one read, many reads at once, paced. */
const healthy = ['burst', 'quick', 'ok'] as const
/** The first channel: healthy, failing before the commit point (at once or after keep-alive), or breaking after it. */
const firstModes = [...healthy, 'fail-500', 'late-500', 'drop-early', 'drop-mid'] as const
const secondModes = [...healthy, 'fail-500'] as const

interface Case {
  inbound: Inbound
  first: { protocol: Inbound; mode: (typeof firstModes)[number] }
  second: { protocol: Inbound; mode: (typeof secondModes)[number] }
  stream: boolean
}

const protocol = fc.constantFrom<Inbound>('openai', 'anthropic')
const cases = fc.record({
  inbound: protocol,
  first: fc.record({ protocol, mode: fc.constantFrom(...firstModes) }),
  second: fc.record({ protocol, mode: fc.constantFrom(...secondModes) }),
  stream: fc.boolean(),
})

const isHealthy = (mode: string) => (healthy as readonly string[]).includes(mode)

/** What the client saw: a complete answer with no error in it. */
async function clientSawSuccess(response: Response, inbound: Inbound, stream: boolean): Promise<boolean> {
  const text = await response.text()
  if (response.status !== 200) return false
  if (!stream) return text.includes('answer from')
  if (inbound === 'openai') return !text.includes('"error"') && text.includes('data: [DONE]')
  return !text.includes('event: error') && text.includes('event: message_stop')
}

let run = 0

describe('the record of a request', () => {
  it('lists every attempt in order, names the provider that answered, and says success as the client saw it', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ inbound, first, second, stream }: Case) => {
        // Fresh upstream ids each run, so no cooldown from an earlier run changes the route.
        run += 1
        target.holder.set(
          poolConfig([
            { name: 'a', protocol: first.protocol, origin: upstream.url, id: `${first.mode}@a${run}` },
            { name: 'b', protocol: second.protocol, origin: upstream.url, id: `${second.mode}@b${run}`, priority: 1 },
          ]),
        )
        const response = await rawAsk(inbound, target.url, stream)
        const id = response.headers.get('x-request-id')
        const sawSuccess = await clientSawSuccess(response, inbound, stream)
        await eventually(() => target.records.some((record) => record.id === id))
        const record = target.records.find((entry) => entry.id === id)!

        const brokeAfterCommit = stream && first.mode === 'drop-mid'
        const servedByFirst = isHealthy(first.mode) || brokeAfterCommit
        const expected = servedByFirst ? ['a'] : ['a', 'b']
        expect(record.attempts.map((attempt) => attempt.provider)).toEqual(expected)
        expect(record.provider).toBe(expected.at(-1))
        expect(record.upstreamModel).toBe(servedByFirst ? `${first.mode}@a${run}` : `${second.mode}@b${run}`)
        expect(record.success).toBe(sawSuccess)
        expect(sawSuccess).toBe(isHealthy(first.mode) || (!brokeAfterCommit && isHealthy(second.mode)))
        // Only the attempt that committed is without an error class, and it is the last one.
        const committed = record.attempts.filter((attempt) => attempt.errorClass === undefined)
        expect(committed.length).toBe(servedByFirst || isHealthy(second.mode) ? 1 : 0)
        if (sawSuccess && stream) expect(record.ttftMs).toBeGreaterThan(0)
        if (sawSuccess) expect([record.promptTokens, record.completionTokens]).not.toEqual([undefined, undefined])
      }),
      { numRuns: 60 },
    )
  }, 120_000)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { fastRouting, type Inbound } from './clients.ts'
import { answerOf, requestsFor, startScriptedUpstream } from './scripted-upstream.ts'

let upstream: MockUpstream

beforeAll(async () => {
  upstream = await startScriptedUpstream()
})

afterAll(async () => {
  await upstream.close()
})

const other = (inbound: Inbound): Inbound => (inbound === 'openai' ? 'anthropic' : 'openai')

/** One stage of the chain: the exposed name, its upstream id (its script) and the protocol it speaks. */
interface Stage {
  name: string
  id: string
  protocol: Inbound
}

/** A config where `opus` falls back to `sonnet`, then `deep`; each name is one provider of its own. */
function chainConfig(stages: Stage[], routing: Record<string, unknown> = {}) {
  return {
    // Long enough that a stream failing everywhere gets its real status, not a 200 with keep-alives.
    routing: { ...fastRouting, keepAliveInterval: '5s', ...routing },
    fallbacks: { opus: ['sonnet', 'deep'] },
    providers: stages.map((stage) => ({
      name: `p-${stage.name}`,
      protocol: stage.protocol,
      baseUrl: stage.protocol === 'openai' ? `${upstream.url}/v1` : upstream.url,
      keys: [],
      models: [{ id: stage.id, name: stage.name }],
    })),
  }
}

/** The chain for one client: the third name speaks the other protocol, so its answer is translated. */
function chain(inbound: Inbound, tag: string, ids: [string, string, string]): Stage[] {
  return [
    { name: 'opus', id: `${ids[0]}@${tag}-opus`, protocol: inbound },
    { name: 'sonnet', id: `${ids[1]}@${tag}-sonnet`, protocol: inbound },
    { name: 'deep', id: `${ids[2]}@${tag}-deep`, protocol: other(inbound) },
  ]
}

/** What the client saw: status, the answer's text and `model`, or the error body; raw, to see `model`. */
async function askOpus(
  inbound: Inbound,
  gateway: string,
  stream: boolean,
): Promise<{ status: number; text: string; model: string | undefined; body: string }> {
  const path = inbound === 'openai' ? '/openai/v1/chat/completions' : '/anthropic/v1/messages'
  const response = await fetch(`${gateway}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
    body: JSON.stringify({ model: 'opus', max_tokens: 64, stream, messages: [{ role: 'user', content: 'Say hello' }] }),
  })
  const body = await response.text()
  if (response.status !== 200) return { status: response.status, text: '', model: undefined, body }
  if (!stream) {
    const json = JSON.parse(body) as {
      model?: string
      choices?: { message: { content: string } }[]
      content?: { text: string }[]
    }
    const text =
      inbound === 'openai'
        ? (json.choices?.[0]?.message.content ?? '')
        : (json.content?.map((block) => block.text).join('') ?? '')
    return { status: 200, text, model: json.model, body }
  }
  let text = ''
  const models = new Set<string>()
  for (const line of body.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue
    const event = JSON.parse(line.slice(6)) as {
      model?: string
      message?: { model?: string }
      choices?: { delta?: { content?: string } }[]
      delta?: { text?: string }
    }
    const model = event.model ?? event.message?.model
    if (model !== undefined) models.add(model)
    text += inbound === 'openai' ? (event.choices?.[0]?.delta?.content ?? '') : (event.delta?.text ?? '')
  }
  // Every event that names the model names the same one.
  expect(models.size).toBe(1)
  return { status: 200, text, model: [...models][0], body }
}

describe.each<Inbound>(['openai', 'anthropic'])(
  '%s client, model "opus" falling back to "sonnet", then "deep"',
  (inbound) => {
    describe.each([
      ['non-stream', false],
      ['stream', true],
    ])('%s', (mode, stream) => {
      const tag = `${inbound}-${mode}`

      it('the first pool fails: the second answers, under its own name; the next request skips the cooling first pool', async () => {
        const stages = chain(inbound, `${tag}-a`, ['fail-500', 'ok', 'ok'])
        const target = await startGateway(chainConfig(stages))
        try {
          const answer = await askOpus(inbound, target.url, stream)
          expect(answer).toMatchObject({ status: 200, text: answerOf(stages[1]!.id), model: 'sonnet' })
          await eventually(() => target.records.length === 1)
          const record = target.records[0]
          expect(record).toMatchObject({
            status: 200,
            success: true,
            requestedModel: 'opus',
            mappedModel: 'opus',
            provider: 'p-sonnet',
            upstreamModel: stages[1]!.id,
          })
          expect(record?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
            ['p-opus', 500],
            ['p-sonnet', 200],
          ])
          expect(requestsFor(upstream, stages[2]!.id)).toBe(0)

          expect(await askOpus(inbound, target.url, stream)).toMatchObject({ status: 200, model: 'sonnet' })
          await eventually(() => target.records.length === 2)
          expect(target.records[1]?.attempts.map((attempt) => attempt.provider)).toEqual(['p-sonnet'])
          expect(requestsFor(upstream, stages[0]!.id)).toBe(1)
        } finally {
          await target.close()
        }
      })

      it('the first and second pools fail: the third answers, translated, under its own name', async () => {
        const stages = chain(inbound, `${tag}-b`, ['fail-500', 'fail-529', 'ok'])
        const target = await startGateway(chainConfig(stages))
        try {
          expect(await askOpus(inbound, target.url, stream)).toMatchObject({
            status: 200,
            text: answerOf(stages[2]!.id),
            model: 'deep',
          })
          await eventually(() => target.records.length === 1)
          expect(target.records[0]).toMatchObject({
            status: 200,
            success: true,
            mappedModel: 'opus',
            provider: 'p-deep',
            upstreamModel: stages[2]!.id,
          })
          expect(
            target.records[0]?.attempts.map((attempt) => [attempt.provider, attempt.upstreamModel, attempt.status]),
          ).toEqual([
            ['p-opus', stages[0]!.id, 500],
            ['p-sonnet', stages[1]!.id, 529],
            ['p-deep', stages[2]!.id, 200],
          ])
        } finally {
          await target.close()
        }
      })

      it('every pool fails: the client gets the last error, in its protocol, and the record lists the whole chain', async () => {
        const stages = chain(inbound, `${tag}-c`, ['fail-500', 'fail-529', 'fail-503'])
        const target = await startGateway(chainConfig(stages))
        try {
          const answer = await askOpus(inbound, target.url, stream)
          expect(answer.status).toBe(503)
          const error = JSON.parse(answer.body) as { type?: string; error: { message: string } }
          if (inbound === 'anthropic') expect(error.type).toBe('error')
          expect(error.error.message).toContain('scripted failure 503')
          await eventually(() => target.records.length === 1)
          expect(target.records[0]).toMatchObject({ status: 503, success: false, provider: 'p-deep' })
          expect(target.records[0]?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
            ['p-opus', 500],
            ['p-sonnet', 529],
            ['p-deep', 503],
          ])
        } finally {
          await target.close()
        }
      })

      it('maxAttempts bounds the whole chain', async () => {
        const stages = chain(inbound, `${tag}-d`, ['fail-500', 'fail-529', 'ok'])
        const target = await startGateway(chainConfig(stages, { maxAttempts: 2 }))
        try {
          expect((await askOpus(inbound, target.url, stream)).status).toBe(529)
          await eventually(() => target.records.length === 1)
          expect(target.records[0]?.attempts.map((attempt) => attempt.provider)).toEqual(['p-opus', 'p-sonnet'])
          expect(requestsFor(upstream, stages[2]!.id)).toBe(0)
        } finally {
          await target.close()
        }
      })

      it('a client error (400) from the first pool does not fall back', async () => {
        const stages = chain(inbound, `${tag}-e`, ['fail-400', 'ok', 'ok'])
        const target = await startGateway(chainConfig(stages))
        try {
          expect((await askOpus(inbound, target.url, stream)).status).toBe(400)
          await eventually(() => target.records.length === 1)
          expect(target.records[0]?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
            ['p-opus', 400],
          ])
          expect(requestsFor(upstream, stages[1]!.id) + requestsFor(upstream, stages[2]!.id)).toBe(0)
        } finally {
          await target.close()
        }
      })
    })
  },
)

describe('fallbacks and the allowlist', () => {
  it('a client allowed only "opus" is served by a fallback it could not ask for by name', async () => {
    const stages = chain('openai', 'allow', ['fail-500', 'ok', 'ok'])
    const config = {
      ...chainConfig(stages),
      auth: { clients: [{ name: 'narrow', token: 'client-token', models: ['opus'] }] },
    }
    const target = await startGateway(config)
    try {
      expect(await askOpus('openai', target.url, false)).toMatchObject({ status: 200, model: 'sonnet' })
      const direct = await fetch(`${target.url}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
        body: JSON.stringify({ model: 'sonnet', messages: [{ role: 'user', content: 'Say hello' }] }),
      })
      expect(direct.status).toBe(403)
    } finally {
      await target.close()
    }
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway } from '../helpers/gateway.ts'
import {
  anthropicSse,
  openaiSse,
  startMockUpstream,
  type MockReply,
  type MockUpstream,
  type SeenRequest,
} from '../helpers/mock-upstream.ts'
import { ask, askFailing, poolConfig, type Inbound } from './clients.ts'
import { answerOf, scriptedReply } from './scripted-upstream.ts'

/** A relay's error text, answered as if it were the model's answer. */
const saturated = '当前分组上游负载已饱和，请稍后再试'
/** A phrase only the test config's `failoverOn.bodyContains` names. */
const ownPhrase = 'account suspended by the relay'
/** A real answer that mentions a built-in phrase in passing: longer than a relay's error sentence. */
const mentions = `The message 额度不足 means that the account's quota is insufficient. ${'It is shown by relays when the balance runs out; top up the account or ask the operator to raise the limit. '.repeat(3)}`

const cloudflarePage =
  '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>'

type Protocol = 'openai' | 'anthropic'

/** A 200 stream that says `text` as the model's answer (each string its own event), in one write. */
function textStream(protocol: Protocol, model: string, text: string | string[]): MockReply {
  const texts = [text].flat()
  if (protocol === 'openai') {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      id: 'chatcmpl-lie',
      object: 'chat.completion.chunk',
      created: 1,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
    return {
      sse: [
        openaiSse([
          chunk({ role: 'assistant', content: '' }),
          ...texts.map((piece) => chunk({ content: piece })),
          chunk({}, 'stop'),
        ]).join(''),
      ],
    }
  }
  return {
    sse: [
      anthropicSse([
        {
          type: 'message_start',
          message: {
            id: 'msg_lie',
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            usage: { input_tokens: 1, output_tokens: 1 },
          },
        },
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        ...texts.map((piece) => ({
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: piece },
        })),
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } },
        { type: 'message_stop' },
      ] as Array<{ type: string }>).join(''),
    ],
  }
}

/** A 200 stream with only what comes before content (a role chunk; a message start and a ping), then its end. */
function contentlessStream(protocol: Protocol, model: string): MockReply {
  if (protocol === 'openai')
    return {
      sse: openaiSse([
        {
          id: 'chatcmpl-lie',
          object: 'chat.completion.chunk',
          created: 1,
          model,
          choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }],
        },
      ]),
    }
  return {
    sse: anthropicSse([
      {
        type: 'message_start',
        message: {
          id: 'msg_lie',
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          usage: { input_tokens: 1, output_tokens: 0 },
        },
      },
      { type: 'ping' },
    ] as Array<{ type: string }>),
  }
}

/** A whole 200 answer that says `text`. */
function textAnswer(protocol: Protocol, model: string, text: string): MockReply {
  if (protocol === 'openai')
    return {
      json: {
        id: 'chatcmpl-lie',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      },
    }
  return {
    json: {
      id: 'msg_lie',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 1 },
    },
  }
}

/** How a lying relay answers, by the upstream model id's prefix; anything else is scripted-upstream.ts's. */
function lyingReply(request: SeenRequest): MockReply {
  const protocol: Protocol = request.path.endsWith('/v1/messages') ? 'anthropic' : 'openai'
  const body = (request.body ?? {}) as { model?: string; stream?: boolean }
  const model = body.model ?? ''
  const stream = body.stream === true
  switch (model.split('@')[0]) {
    case 'empty':
      return stream ? { sse: [] } : { text: '' }
    case 'html':
      return { text: cloudflarePage, headers: { 'content-type': 'text/html' } }
    case 'alien':
      return { json: { code: 0, msg: 'success', data: null } }
    case 'contentless':
      return stream
        ? contentlessStream(protocol, model)
        : {
            json:
              protocol === 'openai'
                ? { id: 'chatcmpl-lie', object: 'chat.completion', model, choices: [] }
                : { id: 'msg_lie', role: 'assistant', model },
          }
    case 'saturated':
      return (stream ? textStream : textAnswer)(protocol, model, saturated)
    case 'own':
      return (stream ? textStream : textAnswer)(protocol, model, `Error: ${ownPhrase}.`)
    case 'mentions':
      return (stream ? textStream : textAnswer)(protocol, model, mentions)
    case 'later':
      return textStream(protocol, model, ['Sure. ', saturated])
    default:
      return scriptedReply(request)
  }
}

let upstream: MockUpstream

beforeAll(async () => {
  upstream = await startMockUpstream(lyingReply)
})

afterAll(async () => {
  await upstream.close()
})

interface Lie {
  label: string
  id: string
  /** What the failed attempt's error says. */
  error: RegExp
}

const lies: Lie[] = [
  { label: 'an empty body', id: 'empty', error: /empty body|not JSON|before sending any content|stream ended before/ },
  { label: 'an HTML page', id: 'html', error: /HTML page|not JSON|before sending any content|stream ended before/ },
  {
    label: 'JSON that is not the answer',
    id: 'alien',
    error: /JSON that is not an? \w+ protocol answer|before sending any content|stream ended before/,
  },
  {
    label: 'no content or finish',
    id: 'contentless',
    error: /not an? \w+ protocol answer|before sending any content|without any content|stream ended before/,
  },
  { label: 'a relay error phrase as the text', id: 'saturated', error: /contains "当前分组上游负载已饱和"/ },
  { label: "the provider's own bodyContains phrase", id: 'own', error: /contains "account suspended by the relay"/ },
]

/** The lying relay first, a healthy channel behind it; the liar has its own phrase configured. */
function config(inbound: Inbound, liar: Protocol, id: string) {
  const base = poolConfig([
    { name: 'liar', protocol: liar, origin: upstream.url, id: `${id}@${inbound}-${liar}` },
    { name: 'good', protocol: inbound, origin: upstream.url, id: `ok@good-${inbound}`, priority: 1 },
  ])
  const [first, ...rest] = base.providers
  return { ...base, providers: [{ ...first, failoverOn: { bodyContains: [ownPhrase] } }, ...rest] }
}

const other = (protocol: Protocol): Protocol => (protocol === 'openai' ? 'anthropic' : 'openai')

describe.each<Inbound>(['openai', 'anthropic'])('%s client', (inbound) => {
  describe.each<[string, Protocol]>([
    ['passthrough', inbound],
    ['translated', other(inbound)],
  ])('%s', (_path, liar) => {
    describe.each([
      ['non-stream', false],
      ['stream', true],
    ])('%s', (_mode, stream) => {
      it.each(lies)('$label: fails over before the commit point and cools the relay', async (lie) => {
        const target = await startGateway(config(inbound, liar, lie.id))
        try {
          expect(await ask(inbound, target.url, stream)).toBe(answerOf(`ok@good-${inbound}`))
          await eventually(() => target.records.length === 1)
          const record = target.records[0]
          expect(record).toMatchObject({ status: 200, success: true, provider: 'good' })
          const [first, second] = record?.attempts ?? []
          expect(record?.attempts).toHaveLength(2)
          expect(first).toMatchObject({ provider: 'liar', status: 502, errorClass: 'upstream' })
          expect(first?.error).toMatch(lie.error)
          expect(first?.error).toContain('liar')
          expect(second).toMatchObject({ provider: 'good', status: 200 })
          const row = target.gateway.health.snapshot().find((item) => item.provider === 'liar')
          expect(row).toMatchObject({ state: 'cooling', scope: 'channel' })
        } finally {
          await target.close()
        }
      })

      it.runIf(stream)(
        'a phrase that comes after the commit point, in a short answer, ends it with an error event at its finish (no failover)',
        async () => {
          const target = await startGateway(config(inbound, liar, 'later'))
          try {
            let seen = ''
            const error = await askFailing(inbound, target.url, true, (text) => (seen = text))
            expect(seen).toBe(`Sure. ${saturated}`)
            // The Anthropic SDK shows the error event's JSON, its quotes escaped.
            expect(error.message).toMatch(/contains \\?"当前分组上游负载已饱和/)
            await eventually(() => target.records.length === 1)
            expect(target.records[0]).toMatchObject({ status: 200, success: false })
            expect(target.records[0]?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
              ['liar', 200],
            ])
          } finally {
            await target.close()
          }
        },
      )

      it('an answer that merely mentions a relay phrase is delivered, not refused', async () => {
        const target = await startGateway(config(inbound, liar, 'mentions'))
        try {
          expect(await ask(inbound, target.url, stream)).toBe(mentions)
          await eventually(() => target.records.length === 1)
          expect(target.records[0]?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
            ['liar', 200],
          ])
        } finally {
          await target.close()
        }
      })
    })
  })
})

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
import { askFailing, poolConfig, type Inbound } from './clients.ts'

type Protocol = 'openai' | 'anthropic'

/** The words a lying relay sends before it goes wrong: they reach the client (the commit point has passed). */
const firstWords = 'The answer begins'

const openaiChunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-lie',
  object: 'chat.completion.chunk',
  created: 1,
  model,
  choices: [{ index: 0, delta, finish_reason: finish }],
})

/** The stream up to and including its first content. */
function opening(protocol: Protocol, model: string): string[] {
  if (protocol === 'openai')
    return openaiSse([
      openaiChunk(model, { role: 'assistant', content: '' }),
      openaiChunk(model, { content: firstWords }),
    ]).slice(0, -1)
  const events: Array<{ type: string }> = [
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
    } as { type: string },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } as { type: string },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: firstWords } } as { type: string },
  ]
  return anthropicSse(events)
}

/** The stream's proper end: a finish, and the protocol's last event. */
function closing(protocol: Protocol, model: string): string[] {
  if (protocol === 'openai') return openaiSse([openaiChunk(model, {}, 'stop')])
  return anthropicSse([
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
    { type: 'message_stop' },
  ] as Array<{ type: string }>)
}

/** One more piece of the answer's text, as its own event. */
function textEvent(protocol: Protocol, model: string, text: string): string {
  if (protocol === 'openai') return openaiSse([openaiChunk(model, { content: text })])[0]!
  return anthropicSse([
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } } as { type: string },
  ])[0]!
}

/** A relay's error sentence, sent after the first words of a short answer. */
const saturated = '当前分组上游负载已饱和，请稍后再试'

/** How the relay lies after its first content, by the upstream model id's prefix. */
function lyingReply(request: SeenRequest): MockReply {
  const protocol: Protocol = request.path.endsWith('/v1/messages') ? 'anthropic' : 'openai'
  const model = (request.body as { model?: string } | undefined)?.model ?? ''
  // The pause lets the first content reach the gateway (and so the client) on its own.
  const head = (rest: string[]): MockReply => ({ sse: [opening(protocol, model).join(''), ...rest], delayMs: 30 })
  switch (model.split('@')[0]) {
    case 'unfinished':
      // The connection ends cleanly, but the answer has no finish and no last event.
      return head([])
    case 'html':
      // A proxy's page in the middle of the stream, then what looks like a proper end.
      return head(['data: <html><body>502 Bad Gateway</body></html>\n\n', ...closing(protocol, model)])
    case 'spread':
      // A short answer whose later event is a relay's error sentence, then a proper end.
      return head([textEvent(protocol, model, saturated), ...closing(protocol, model)])
    case 'alien':
      // JSON that is not the protocol's answer, then the end of the connection.
      return head(['data: {"code":500,"msg":"upstream overloaded","data":null}\n\n'])
    default:
      return { status: 404, json: { error: { message: 'no such model' } } }
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
  /** What the client's error event and the record say. */
  error: RegExp
  /** The text the client saw before the error event (default: the first words). */
  seen?: string
}

const lies: Lie[] = [
  {
    label: 'a stream that ends without a finish',
    id: 'unfinished',
    error: /ended (the stream )?before (the answer's finish|message_stop|a finish_reason)/,
  },
  { label: 'an HTML page mid-stream', id: 'html', error: /unparseable stream event/ },
  {
    label: "a relay's error phrase in a short answer's later event",
    id: 'spread',
    error: /contains \\?"当前分组上游负载已饱和/,
    seen: `${firstWords}${saturated}`,
  },
  {
    label: "JSON that is not the protocol's answer mid-stream, then the end",
    id: 'alien',
    error: /not a chat completion chunk|without a type|ended (the stream )?before (message_stop|a finish_reason)/,
  },
]

const other = (protocol: Protocol): Protocol => (protocol === 'openai' ? 'anthropic' : 'openai')

describe.each<Inbound>(['openai', 'anthropic'])('%s client', (inbound) => {
  describe.each<[string, Protocol]>([
    ['passthrough', inbound],
    ['translated', other(inbound)],
  ])('%s', (_path, liar) => {
    it.each(lies)(
      "$label after the commit point: the client gets its protocol's error event after the first words, and the record says so",
      async (lie) => {
        const target = await startGateway(
          poolConfig([{ name: 'liar', protocol: liar, origin: upstream.url, id: `${lie.id}@${inbound}-${liar}` }]),
        )
        try {
          let seen = ''
          const error = await askFailing(inbound, target.url, true, (text) => (seen = text))
          expect(seen).toBe(lie.seen ?? firstWords)
          expect(error.message).toMatch(lie.error)
          expect(error.message).not.toContain('<html>')
          await eventually(() => target.records.length === 1)
          const record = target.records[0]
          expect(record).toMatchObject({ status: 200, success: false, provider: 'liar' })
          expect(record?.error).toMatch(lie.error)
          // Nothing fails over after the commit point: one attempt, and the relay still cools down.
          expect(record?.attempts).toHaveLength(1)
          const row = target.gateway.health.snapshot().find((item) => item.provider === 'liar')
          expect(row).toMatchObject({ state: 'cooling' })
        } finally {
          await target.close()
        }
      },
    )
  })
})

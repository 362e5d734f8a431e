import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/store/drivers/memory.ts'
import { createRecorder, type Recorder, type Store } from '../../src/store/index.ts'
import { jsonFixture } from '../helpers/fixtures.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { anthropicSse, startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

let upstream: MockUpstream
let target: TestGateway
let store: Store
let recorder: Recorder
const warnings: string[] = []

// Anthropic's web search as it streams: a server_tool_use block and its result, which no other protocol's
// answer can carry, between the text blocks.
const searchBlocks = [
  {
    type: 'server_tool_use',
    id: 'srvtoolu_01',
    name: 'web_search',
    input: { query: 'pinai gateway' },
  },
  {
    type: 'web_search_tool_result',
    tool_use_id: 'srvtoolu_01',
    content: [{ type: 'web_search_result', url: 'https://example.com/pinai', title: 'pinai' }],
  },
]
const searchMessage = {
  id: 'msg_search',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5-20251001',
  content: [{ type: 'text', text: 'Searching. ' }, ...searchBlocks, { type: 'text', text: 'Found it.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 14, output_tokens: 9 },
}
const searchEvents: Array<{ type: string; [member: string]: unknown }> = [
  { type: 'message_start', message: { ...searchMessage, content: [], stop_reason: null } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Searching. ' } },
  { type: 'content_block_stop', index: 0 },
  ...searchBlocks.flatMap((block, offset) => [
    { type: 'content_block_start', index: offset + 1, content_block: block },
    { type: 'content_block_stop', index: offset + 1 },
  ]),
  { type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'Found it.' } },
  { type: 'content_block_stop', index: 3 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 9 } },
  { type: 'message_stop' },
]
const searchStream = anthropicSse(searchEvents)

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    const body = request.body as { model?: string; stream?: boolean }
    if (body.model !== 'claude-search') return { json: jsonFixture('passthrough/anthropic-message.json') }
    return body.stream ? { sse: searchStream } : { json: searchMessage }
  })
  store = createMemoryStore()
  recorder = createRecorder(store, { flushIntervalMs: 600_000, pruneIntervalMs: 0, logger: quietLogger })
  target = await startGateway(
    {
      providers: [
        {
          name: 'an',
          protocol: 'anthropic',
          baseUrl: upstream.url,
          keys: ['sk-ant-secret-upstream-key'],
          models: ['claude-haiku-4-5', 'claude-search'],
        },
      ],
    },
    {
      logger: { info: () => undefined, warn: (line) => void warnings.push(line), error: () => undefined },
      stats: { store, recorder },
    },
  )
})

afterAll(async () => {
  await target.close()
  await recorder.close()
  await upstream.close()
})

/** An OpenAI chat call for the search model, whole or streamed. */
function askSearch(stream: boolean): Promise<Response> {
  return fetch(`${target.url}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'claude-search', stream, messages: [{ role: 'user', content: 'Find pinai' }] }),
  })
}

/** The stored record of the answer `response` (its text read to the end first). */
async function storedRecord(response: Response) {
  await response.text()
  const id = response.headers.get('x-request-id') ?? ''
  await eventually(() => recorder.status().pending > 0)
  await recorder.flush()
  return store.getLog(id)
}

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

  it("put what a stream's translation drops, flushed at its end, in the stored record's notes as well as the log", async () => {
    warnings.length = 0
    const response = await askSearch(true)
    expect(response.status).toBe(200)
    const record = await storedRecord(response)
    const lines = warnings.filter((line) => line.startsWith('anthropic stream:'))
    expect(lines).toEqual(['anthropic stream: server_tool_use block; web_search_tool_result block'])
    expect(record?.notes).toBe(lines[0])
    expect(record?.success).toBe(true)
  })

  it("put what translating a whole answer drops in the stored record's notes as well as the log", async () => {
    warnings.length = 0
    const response = await askSearch(false)
    expect(response.status).toBe(200)
    const record = await storedRecord(response)
    const lines = warnings.filter((line) => line.startsWith('anthropic response:'))
    expect(lines).toEqual(['anthropic response: server_tool_use block; web_search_tool_result block'])
    expect(record?.notes).toBe(lines[0])
  })
})

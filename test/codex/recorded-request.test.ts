import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { answerPrefix, callIds, catCommand, startCatToolUpstream } from './cat-tool-upstream.ts'
import { readResponsesStream } from './read-responses-stream.ts'
import { upstreamTurn, type UpstreamProtocol } from './upstream-turn.ts'

/** Recorded from Codex CLI 0.171.0 by `record-request.ts`: the second turn of an `exec_command` round trip. */
interface RecordedRequest {
  model: string
  input: Array<{ type: string; role?: string; id?: string; name?: string }>
  tools: Array<{ type: string; name?: string; tools?: Array<{ name: string }> }>
  [key: string]: unknown
}
interface RecordedHeaders {
  codexVersion: string
  path: string
  headers: Record<string, string>
}

const recorded = jsonFixture<RecordedRequest>('codex/tool-round-trip-request.json')
const recordedHeaders = jsonFixture<RecordedHeaders>('codex/tool-round-trip-headers.json')
const fileText = 'The deploy key rotates every Monday.'
const namespaced = recorded.tools
  .filter((tool) => tool.type === 'namespace')
  .flatMap((tool) => (tool.tools ?? []).map((inner) => `${tool.name}__${inner.name}`))

describe('the recorded Codex request', () => {
  it('carries what makes Codex demanding: developer turns, ids on every item, reasoning to replay, a namespace and a hosted tool', () => {
    expect(recorded.instructions).toBeUndefined()
    expect(recorded.max_output_tokens).toBeUndefined()
    expect(recorded.input.slice(0, 2).map((item) => item.role)).toEqual(['developer', 'developer'])
    expect(recorded.input.every((item) => typeof item.id === 'string')).toBe(true)
    expect(recorded.input.map((item) => item.type)).toEqual([
      'message',
      'message',
      'message',
      'message',
      'reasoning',
      'message',
      'function_call',
      'function_call_output',
    ])
    expect(recorded).toMatchObject({
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { summary: 'auto' },
    })
    expect(recorded.tools.map((tool) => tool.type)).toEqual(
      expect.arrayContaining(['function', 'namespace', 'web_search']),
    )
    expect(namespaced.length).toBeGreaterThan(0)
    expect(recordedHeaders.codexVersion).toBe('0.171.0')
  })
})

let upstream: MockUpstream
let gateway: TestGateway

beforeAll(async () => {
  // The model starts answering after 250 ms: pinai holds Codex's line with keep-alive comments meanwhile.
  upstream = await startCatToolUpstream({ firstDelayMs: 250 })
  gateway = await startGateway({
    auth: { tokens: ['codex-token'] },
    routing: { keepAliveInterval: '100ms' },
    providers: [
      { name: 'oa', protocol: 'openai', baseUrl: `${upstream.url}/v1`, keys: ['sk-oa'], models: ['gpt-4.1'] },
      { name: 'an', protocol: 'anthropic', baseUrl: upstream.url, keys: ['sk-ant'], models: ['claude-sonnet-4-5'] },
      { name: 'ge', protocol: 'gemini', baseUrl: upstream.url, keys: ['ge-key'], models: ['gemini-2.5-pro'] },
      {
        name: 'rs',
        protocol: 'openai-responses',
        baseUrl: `${upstream.url}/v1`,
        keys: ['sk-rs'],
        models: ['gpt-5-codex', { id: 'gpt-5.1-codex', name: 'codex-latest' }],
      },
    ],
  })
})

afterAll(async () => {
  await gateway.close()
  await upstream.close()
})

const upstreams: Array<{ label: string; protocol: UpstreamProtocol; model: string; path: string }> = [
  { label: 'an OpenAI chat', protocol: 'openai', model: 'gpt-4.1', path: '/v1/chat/completions' },
  { label: 'an Anthropic', protocol: 'anthropic', model: 'claude-sonnet-4-5', path: '/v1/messages' },
  {
    label: 'a Gemini',
    protocol: 'gemini',
    model: 'gemini-2.5-pro',
    path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
  },
  { label: 'a Responses', protocol: 'responses', model: 'gpt-5-codex', path: '/v1/responses' },
]

describe.each(upstreams)('the recorded Codex request through pinai to $label upstream', ({ protocol, model, path }) => {
  it('streams back what Codex reads: keep-alive comments while the model thinks, every item done, the answer, a final response.completed with usage', async () => {
    const before = upstream.requests.length
    const records = gateway.records.length
    const response = await fetch(`${gateway.url}/openai${recordedHeaders.path}`, {
      method: 'POST',
      headers: { ...recordedHeaders.headers, authorization: 'Bearer codex-token' },
      body: JSON.stringify({ ...recorded, model }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const text = await response.text()
    expect(text).toMatch(/^(: [^\n]*\n\n?)+event: response\.created\n/)
    const stream = readResponsesStream(text)
    expect(stream.problems).toEqual([])
    const message = stream.doneItems.find((item) => item.type === 'message') as
      { content: Array<{ type: string; text: string }> } | undefined
    expect(message?.content).toEqual([expect.objectContaining({ type: 'output_text', text: answerPrefix + fileText })])
    expect(stream.final).toMatchObject({ status: 'completed', usage: { input_tokens: 9120, output_tokens: 41 } })
    const calls = upstream.requests.slice(before)
    expect(calls.map((call) => call.path)).toEqual([path])
    const turn = upstreamTurn(protocol, calls[0]?.body)
    expect(turn.system).toContain('You are a coding agent running in the Codex CLI')
    expect(turn.userText).toContain('<environment_context>')
    expect(turn.calls).toEqual([expect.objectContaining({ name: 'exec_command', arguments: { cmd: catCommand } })])
    expect(turn.results.map((result) => result.text)).toEqual([expect.stringContaining(fileText)])
    // The recording came from the Responses mock model: its call id, whatever the upstream protocol now.
    if (protocol !== 'gemini')
      expect([turn.calls[0]?.id, turn.results[0]?.id]).toEqual([callIds.responses[0], callIds.responses[0]])
    await eventually(() => gateway.records.length > records)
    expect(gateway.records.at(-1)).toMatchObject({ inbound: 'openai-responses', success: true, stream: true })
  })

  if (protocol === 'responses') {
    it('reaches a Responses upstream as it came, only the model rewritten', async () => {
      const before = upstream.requests.length
      const response = await fetch(`${gateway.url}/openai/v1/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer codex-token', 'content-type': 'application/json' },
        body: JSON.stringify({ ...recorded, model: 'codex-latest' }),
      })
      expect(readResponsesStream(await response.text()).problems).toEqual([])
      expect(upstream.requests.slice(before)[0]?.body).toEqual({ ...recorded, model: 'gpt-5.1-codex' })
    })
  } else {
    it("offers the namespace's functions under flat names and leaves the hosted web_search out", async () => {
      const before = upstream.requests.length
      const response = await fetch(`${gateway.url}/openai/v1/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer codex-token', 'content-type': 'application/json' },
        body: JSON.stringify({ ...recorded, model }),
      })
      expect(readResponsesStream(await response.text()).problems).toEqual([])
      const toolNames = upstreamTurn(protocol, upstream.requests.slice(before)[0]?.body).toolNames
      expect(toolNames).toEqual(expect.arrayContaining(['exec_command', ...namespaced]))
      expect(toolNames).not.toContain('web_search')
      expect(JSON.stringify(upstream.requests.slice(before)[0]?.body)).not.toContain('"web_search"')
    })
  }
})

describe('a client that hangs up right after response.completed, as Codex does', () => {
  let lingering: MockUpstream
  let hangUpGateway: TestGateway

  beforeAll(async () => {
    lingering = await startCatToolUpstream()
    // The upstream keeps its connection open ~100 ms after its last event, as a real one does over a network.
    const answer = lingering.reply
    lingering.reply = async (request) => {
      const reply = await answer(request)
      return 'sse' in reply ? { ...reply, sse: [...reply.sse, ...Array<string>(50).fill('')] } : reply
    }
    hangUpGateway = await startGateway({
      auth: { tokens: ['codex-token'] },
      providers: [
        { name: 'oa', protocol: 'openai', baseUrl: `${lingering.url}/v1`, keys: ['sk-oa'], models: ['gpt-4.1'] },
        { name: 'an', protocol: 'anthropic', baseUrl: lingering.url, keys: ['sk-ant'], models: ['claude-sonnet-4-5'] },
        { name: 'ge', protocol: 'gemini', baseUrl: lingering.url, keys: ['ge-key'], models: ['gemini-2.5-pro'] },
        {
          name: 'rs',
          protocol: 'openai-responses',
          baseUrl: `${lingering.url}/v1`,
          keys: ['sk-rs'],
          models: ['gpt-5-codex'],
        },
      ],
    })
  })

  afterAll(async () => {
    await hangUpGateway.close()
    await lingering.close()
  })

  it.each(upstreams)('is recorded as the success it was, to $label upstream', async ({ model }) => {
    const records = hangUpGateway.records.length
    const response = await fetch(`${hangUpGateway.url}/openai/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer codex-token', 'content-type': 'application/json' },
      body: JSON.stringify({ ...recorded, model }),
    })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('event: response.completed')) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    await reader.cancel()
    expect(text).toContain('event: response.completed')
    await eventually(() => hangUpGateway.records.length > records, 5000)
    expect(hangUpGateway.records.at(-1)).toMatchObject({
      status: 200,
      success: true,
      promptTokens: 9120,
      completionTokens: 41,
    })
  })
})

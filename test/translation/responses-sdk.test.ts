import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { openaiSse, startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { answerOfChunks, answerOfCompletion, answerOfMessage } from './support/collect-answer.ts'
import { classify, fixtureProviders, startFixtureUpstream, type UpstreamProtocol } from './support/fixture-upstream.ts'
import { answerOfResponse, responsesRequests } from './support/responses-answer.ts'
import { anthropicRequests, expectedAnswers, openaiRequests, parts, scenarios } from './support/scenarios.ts'

let upstream: MockUpstream
let gateway: TestGateway

beforeAll(async () => {
  upstream = await startFixtureUpstream()
  gateway = await startGateway({ auth: { tokens: ['client-token'] }, providers: fixtureProviders(upstream.url) })
})

afterAll(async () => {
  await gateway.close()
  await upstream.close()
})

const upstreams: UpstreamProtocol[] = ['openai', 'anthropic', 'gemini', 'openai-responses']

function lastUpstreamRequest(before: number, protocol: UpstreamProtocol, stream: boolean) {
  const seen = upstream.requests.slice(before)
  expect(seen).toHaveLength(1)
  const request = seen[0]
  expect(request && classify(request)).toMatchObject({ protocol, stream })
  return request as NonNullable<typeof request>
}

describe.each(upstreams)('the OpenAI SDK’s Responses calls, %s-protocol upstream', (protocol) => {
  describe.each(scenarios)('%s', (scenario) => {
    it('responses.create', async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const before = upstream.requests.length
      const response = await client.responses.create({
        ...responsesRequests[scenario],
        model: `${protocol}-${scenario}`,
      })
      expect(answerOfResponse(response)).toEqual(expectedAnswers[scenario])
      expect(response.model).toBe(`${protocol}-${scenario}`)
      lastUpstreamRequest(before, protocol, false)
    })

    it('responses.stream', async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const before = upstream.requests.length
      const stream = client.responses.stream({ ...responsesRequests[scenario], model: `${protocol}-${scenario}` })
      let deltas = ''
      let lastSequence = -1
      const doneItems: string[] = []
      for await (const event of stream) {
        expect(event.sequence_number).toBe(lastSequence + 1)
        lastSequence = event.sequence_number
        if (event.type === 'response.output_text.delta') deltas += event.delta
        if (event.type === 'response.output_item.done') doneItems.push(event.item.type)
      }
      const response = await stream.finalResponse()
      expect(response.model).toBe(`${protocol}-${scenario}`)
      const answer = answerOfResponse(response)
      expect(answer).toEqual(expectedAnswers[scenario])
      expect(deltas).toBe(answer.text)
      // Codex takes what it shows and runs only from the finished items.
      expect(doneItems).toEqual(response.output.map((item) => item.type))
      lastUpstreamRequest(before, protocol, true)
    })
  })
})

describe('the other SDKs against a Responses-protocol upstream', () => {
  describe.each(scenarios)('%s', (scenario) => {
    it.each([false, true])('the OpenAI chat SDK, stream: %s', async (stream) => {
      const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const model = `openai-responses-${scenario}`
      const before = upstream.requests.length
      const answer = stream
        ? await answerOfChunks(
            await client.chat.completions.create({
              ...openaiRequests[scenario],
              model,
              stream: true,
              stream_options: { include_usage: true },
            }),
          )
        : answerOfCompletion(await client.chat.completions.create({ ...openaiRequests[scenario], model }))
      expect(answer).toEqual(expectedAnswers[scenario])
      expectResponsesUpstreamRequest(scenario, lastUpstreamRequest(before, 'openai-responses', stream).body)
    })

    it.each([false, true])('the Anthropic SDK, stream: %s', async (stream) => {
      const client = new Anthropic({ baseURL: `${gateway.url}/anthropic`, apiKey: 'client-token', maxRetries: 0 })
      const params = { ...anthropicRequests[scenario], model: `openai-responses-${scenario}` }
      const before = upstream.requests.length
      const message = stream
        ? await client.messages.stream(params).finalMessage()
        : await client.messages.create(params)
      expect(answerOfMessage(message)).toEqual(expectedAnswers[scenario])
      expectResponsesUpstreamRequest(scenario, lastUpstreamRequest(before, 'openai-responses', stream).body)
    })
  })
})

/** docs/protocols.md, "OpenAI Responses": what a translated request looks like to a Responses upstream. */
function expectResponsesUpstreamRequest(scenario: (typeof scenarios)[number], body: unknown): void {
  const request = body as {
    input: Array<Record<string, unknown>>
    instructions?: string
    tools?: unknown[]
    store: boolean
  }
  expect(request.store).toBe(false)
  const types = request.input.map((item) => item.type)
  switch (scenario) {
    case 'plain':
      expect(request.instructions).toBe(parts.system)
      expect(request.input).toEqual([{ type: 'message', role: 'user', content: 'What is pinai?' }])
      return
    case 'tools':
      expect(request.tools).toEqual([
        {
          type: 'function',
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: parts.weatherSchema,
          strict: false,
        },
      ])
      return
    case 'tool-result':
      expect(types).toEqual([
        'message',
        'message',
        'function_call',
        'function_call',
        'function_call_output',
        'function_call_output',
      ])
      expect(request.input.slice(4).map((item) => item.output)).toEqual([parts.osloWeather, parts.bergenWeather])
      expect(request.input[4]?.call_id).toBe(request.input[2]?.call_id)
      return
    case 'images':
      expect(JSON.stringify(request.input)).toContain('"type":"input_image"')
      return
    case 'reasoning':
      expect(request).toMatchObject({ reasoning: { summary: 'auto' }, include: ['reasoning.encrypted_content'] })
      return
  }
}

describe('Responses calls through pinai', () => {
  it("a function call and its output go round: the items of one answer are the next request's input", async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
    const first = await client.responses.create({ ...responsesRequests.tools, model: 'anthropic-tools' })
    const calls = first.output.filter((item) => item.type === 'function_call')
    expect(calls.map((call) => call.name)).toEqual(['get_weather', 'get_weather'])
    const before = upstream.requests.length
    const outputs = calls.map((call, index) => ({
      type: 'function_call_output' as const,
      call_id: call.call_id,
      output: index === 0 ? parts.osloWeather : parts.bergenWeather,
    }))
    const second = await client.responses.create({
      model: 'anthropic-tool-result',
      tools: responsesRequests.tools.tools ?? [],
      input: [
        { role: 'user', content: parts.weatherQuestion },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        ...outputs,
      ],
    })
    expect(answerOfResponse(second)).toEqual(expectedAnswers['tool-result'])
    // Anthropic gets the calls as tool_use blocks and their outputs as tool_result blocks with the same ids.
    const sent = lastUpstreamRequest(before, 'anthropic', false).body as {
      messages: Array<{ role: string; content: Array<Record<string, unknown>> }>
    }
    const uses = sent.messages[1]?.content.filter((block) => block.type === 'tool_use').map((block) => block.id)
    const results = sent.messages[2]?.content
      .filter((block) => block.type === 'tool_result')
      .map((block) => block.tool_use_id)
    expect(uses).toEqual(calls.map((call) => call.call_id))
    expect(results).toEqual(uses)
  })

  it('previous_response_id is a 400 saying pinai stores no responses', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
    const before = upstream.requests.length
    const error = await client.responses
      .create({ model: 'openai-plain', input: 'Hi', previous_response_id: 'resp_123' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('pinai stores no responses')
    expect(upstream.requests.length).toBe(before)
  })

  it('a passthrough stream’s record has the usage of its response.completed', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
    await client.responses.stream({ model: 'openai-responses-tools', input: parts.weatherQuestion }).finalResponse()
    await eventually(() =>
      gateway.records.some(
        (record) =>
          record.inbound === 'openai-responses' && record.requestedModel === 'openai-responses-tools' && record.stream,
      ),
    )
    const record = gateway.records.findLast((item) => item.requestedModel === 'openai-responses-tools' && item.stream)
    expect(record).toMatchObject({ status: 200, promptTokens: 96, completionTokens: 52 })
  })

  it.each(['openai-plain', 'openai-responses-plain'])(
    'a client that hangs up right after response.completed is served, not a 499 (%s, as Codex does)',
    async (model) => {
      const controller = new AbortController()
      const response = await fetch(`${gateway.url}/openai/v1/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
        body: JSON.stringify({ model, input: 'What is pinai?', stream: true }),
        signal: controller.signal,
      })
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      const decoder = new TextDecoder()
      let text = ''
      while (!text.includes('"type":"response.completed"')) {
        const next = await reader.read()
        if (next.done) break
        text += decoder.decode(next.value, { stream: true })
      }
      controller.abort()
      await eventually(() => gateway.records.some((record) => record.requestedModel === model && record.stream))
      expect(gateway.records.findLast((record) => record.requestedModel === model && record.stream)?.status).toBe(200)
    },
  )

  it('the record of a Responses call names its inbound protocol', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
    await client.responses.create({ model: 'gemini-plain', input: 'What is pinai?' })
    await eventually(() =>
      gateway.records.some(
        (record) => record.inbound === 'openai-responses' && record.requestedModel === 'gemini-plain',
      ),
    )
    const record = gateway.records.findLast((item) => item.inbound === 'openai-responses')
    expect(record).toMatchObject({ status: 200, promptTokens: 25, completionTokens: 11 })
  })
})

describe('Responses calls against a failing or tool-using upstream', () => {
  let mock: MockUpstream
  let target: TestGateway
  const warnings: string[] = []

  beforeAll(async () => {
    mock = await startMockUpstream((request) => {
      const body = request.body as { model?: string; stream?: boolean }
      if (request.path === '/v1/responses') return { json: jsonFixture('e2e/openai-responses/plain.json') }
      if (body.model === 'slow') return { sse: openaiSse(slowChunks), firstDelayMs: 200 }
      if (body.model === 'busy')
        return {
          status: 429,
          headers: { 'retry-after': '7' },
          json: { error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
        }
      return { json: crmCall }
    })
    target = await startGateway(
      {
        auth: { tokens: ['client-token'] },
        routing: { keepAliveInterval: '50ms' },
        providers: [
          // The 429's retry-after holds its key: the busy model has a provider (and key) of its own.
          {
            name: 'busy',
            protocol: 'openai',
            baseUrl: `${mock.url}/v1`,
            keys: ['sk-busy-mock'],
            models: [{ id: 'busy', name: 'busy' }],
          },
          {
            name: 'oa',
            protocol: 'openai',
            baseUrl: `${mock.url}/v1`,
            keys: ['sk-oa-mock'],
            models: [
              { id: 'crm', name: 'crm' },
              { id: 'slow', name: 'slow' },
            ],
          },
          {
            name: 're',
            protocol: 'openai-responses',
            baseUrl: `${mock.url}/v1`,
            keys: ['sk-re-mock'],
            models: [{ id: 'gpt-4.1', name: 'plain-responses' }],
          },
        ],
      },
      { logger: { info: () => undefined, warn: (line: string) => warnings.push(line), error: () => undefined } },
    )
  })

  afterAll(async () => {
    await target.close()
    await mock.close()
  })

  it.each([false, true])(
    'a 429 reaches the SDK as a RateLimitError with its retry-after (stream: %s)',
    async (stream) => {
      const client = new OpenAI({ baseURL: `${target.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
      const call = stream
        ? client.responses.stream({ model: 'busy', input: 'Hi' }).finalResponse()
        : client.responses.create({ model: 'busy', input: 'Hi' })
      const error = await call.catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(OpenAI.RateLimitError)
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7')
    },
  )

  it('a namespace tool is flattened for the upstream and its call goes back with its namespace; hosted tools are dropped', async () => {
    const before = mock.requests.length
    const response = await fetch(`${target.url}/openai/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'crm',
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Find Ada' }], id: 'msg_1' }],
        tools: [
          { type: 'web_search' },
          {
            type: 'namespace',
            name: 'crm',
            description: 'The CRM',
            tools: [
              {
                type: 'function',
                name: 'lookup',
                parameters: { type: 'object', properties: { name: { type: 'string' } } },
              },
            ],
          },
        ],
      }),
    })
    expect(response.status).toBe(200)
    const sent = mock.requests[before]?.body as { tools: Array<{ function: { name: string } }> }
    expect(sent.tools.map((tool) => tool.function.name)).toEqual(['crm__lookup'])
    const body = (await response.json()) as { output: Array<Record<string, unknown>> }
    expect(body.output).toContainEqual(
      expect.objectContaining({
        type: 'function_call',
        name: 'lookup',
        namespace: 'crm',
        call_id: 'call_crm1',
        arguments: '{"name":"Ada"}',
      }),
    )
    // The hosted tool's drop is said in the gateway's log and in the request's record.
    expect(warnings.join('\n')).toMatch(/web_search/)
    const id = response.headers.get('x-request-id')
    await eventually(() => target.records.some((record) => record.id === id))
    expect(target.records.find((record) => record.id === id)?.notes).toMatch(/web_search/)
  })

  it('a reasoning effort goes to a Responses upstream only when its model takes one', async () => {
    const client = new OpenAI({ baseURL: `${target.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
    const completion = await client.chat.completions.create({
      model: 'plain-responses',
      messages: [{ role: 'user', content: 'What is pinai?' }],
      reasoning_effort: 'high',
    })
    expect(completion.choices[0]?.message.content).toBe(expectedAnswers.plain.text)
    const sent = mock.requests.at(-1)
    expect(sent?.path).toBe('/v1/responses')
    expect(sent?.body).not.toHaveProperty('reasoning')
  })

  it('a stream that waits for its first token holds the line with comment lines the SDK ignores', async () => {
    const response = await fetch(`${target.url}/openai/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer client-token', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'slow', input: 'Hi', stream: true }),
    })
    const text = await response.text()
    expect(text.startsWith(': keep-alive\n')).toBe(true)
    expect(text).toContain('"type":"response.completed"')
    const client = new OpenAI({ baseURL: `${target.url}/openai/v1`, apiKey: 'client-token', maxRetries: 0 })
    const final = await client.responses.stream({ model: 'slow', input: 'Hi' }).finalResponse()
    expect(final.output_text).toBe('Hello there.')
  })
})

const slowChunks = [
  {
    id: 'chatcmpl-slow',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'slow',
    choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello ' }, finish_reason: null }],
  },
  {
    id: 'chatcmpl-slow',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'slow',
    choices: [{ index: 0, delta: { content: 'there.' }, finish_reason: 'stop' }],
  },
  {
    id: 'chatcmpl-slow',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'slow',
    choices: [],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  },
]

const crmCall = {
  id: 'chatcmpl-crm',
  object: 'chat.completion',
  created: 1767225600,
  model: 'crm',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_crm1', type: 'function', function: { name: 'crm__lookup', arguments: '{"name":"Ada"}' } },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
}

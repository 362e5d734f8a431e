import {
  ApiError,
  FunctionCallingConfigMode,
  GoogleGenAI,
  Type,
  type Content,
  type GenerateContentParameters,
  type GenerateContentResponse,
} from '@google/genai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { classify, fixtureProviders, startFixtureUpstream, type UpstreamProtocol } from './support/fixture-upstream.ts'
import { expectedAnswers, parts, png, scenarios, type Answer, type Scenario } from './support/scenarios.ts'

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

/** The SDK pointed at pinai's Gemini surface (it sends the key in `x-goog-api-key`). */
const client = (apiKey = 'client-token', url = gateway.url) =>
  new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `${url}/gemini`, apiVersion: 'v1beta' } })

const weatherTool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Current weather in a city',
      // The SDK's own schema form: upper-case types, which OpenAI and Anthropic need lower-cased.
      parameters: {
        type: Type.OBJECT,
        properties: {
          city: { type: Type.STRING, description: 'City name' },
          unit: { type: Type.STRING, enum: ['celsius', 'fahrenheit'] },
        },
        required: ['city'],
      },
    },
  ],
}

const question: Content = { role: 'user', parts: [{ text: parts.weatherQuestion }] }

/** What the `@google/genai` SDK sends in each scenario (the model is added per call). */
const geminiRequests: Record<Scenario, Omit<GenerateContentParameters, 'model'>> = {
  plain: { contents: 'What is pinai?', config: { systemInstruction: parts.system, maxOutputTokens: 200 } },
  tools: {
    contents: [question],
    config: {
      tools: [weatherTool],
      toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } },
      maxOutputTokens: 300,
    },
  },
  'tool-result': {
    contents: [
      question,
      {
        role: 'model',
        parts: [
          { text: "I'll check both cities." },
          { functionCall: { name: 'get_weather', args: parts.oslo } },
          { functionCall: { name: 'get_weather', args: parts.bergen } },
        ],
      },
      {
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: 'get_weather',
              response: JSON.parse(parts.osloWeather) as Record<string, unknown>,
            },
          },
          {
            functionResponse: {
              name: 'get_weather',
              response: JSON.parse(parts.bergenWeather) as Record<string, unknown>,
            },
          },
        ],
      },
    ],
    config: { tools: [weatherTool], maxOutputTokens: 300 },
  },
  images: {
    contents: [
      {
        role: 'user',
        parts: [{ inlineData: { mimeType: 'image/png', data: png } }, { text: 'What is in this image?' }],
      },
    ],
    config: { maxOutputTokens: 100 },
  },
  reasoning: {
    contents: 'What is 17 × 24?',
    config: { thinkingConfig: { thinkingBudget: 2048, includeThoughts: true }, maxOutputTokens: 4096 },
  },
}

/** What a user of the SDK reads: text and thoughts apart, the function calls, the finish, the usage. */
function answerOf(responses: GenerateContentResponse[]): Answer {
  let text = ''
  let reasoning = ''
  const toolCalls: Answer['toolCalls'] = []
  let finish: string | undefined
  let usage = { input: -1, output: -1 }
  for (const response of responses) {
    const candidate = response.candidates?.[0]
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall) toolCalls.push({ name: part.functionCall.name ?? '', args: part.functionCall.args })
      else if (part.thought) reasoning += part.text ?? ''
      else text += part.text ?? ''
    }
    if (candidate?.finishReason) {
      if (finish) throw new Error('two chunks with a finishReason')
      finish = candidate.finishReason
    }
    const metadata = response.usageMetadata
    if (metadata)
      usage = {
        input: metadata.promptTokenCount ?? 0,
        output: (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0),
      }
  }
  // Gemini says STOP for a turn of function calls too (@google/genai reads the calls, not the reason).
  if (finish !== 'STOP') throw new Error(`unexpected finishReason ${String(finish)}`)
  return { text, reasoning, toolCalls, finish: toolCalls.length > 0 ? 'tool' : 'stop', usage }
}

const upstreams: UpstreamProtocol[] = ['openai', 'anthropic', 'gemini']

describe.each(upstreams)('the @google/genai SDK, %s-protocol upstream', (protocol) => {
  describe.each(scenarios)('%s', (scenario) => {
    it.each([false, true])('stream: %s', async (stream) => {
      const ai = client()
      const params = { ...geminiRequests[scenario], model: `${protocol}-${scenario}` }
      const before = upstream.requests.length
      const responses: GenerateContentResponse[] = []
      if (stream) for await (const chunk of await ai.models.generateContentStream(params)) responses.push(chunk)
      else responses.push(await ai.models.generateContent(params))
      expect(answerOf(responses)).toEqual(expectedAnswers[scenario])
      const seen = upstream.requests.slice(before)
      expect(seen).toHaveLength(1)
      expect(classify(seen[0]!)).toMatchObject({ protocol, scenario, stream })
    })
  })
})

describe('what the SDK sends reaches each upstream as it should', () => {
  it('a system instruction (role "user") and upper-case schema types, lower-cased for OpenAI and Anthropic', async () => {
    const ai = client()
    const before = upstream.requests.length
    await ai.models.generateContent({
      ...geminiRequests.tools,
      model: 'openai-tools',
      config: { ...geminiRequests.tools.config, systemInstruction: parts.system },
    })
    await ai.models.generateContent({
      ...geminiRequests.tools,
      model: 'anthropic-tools',
      config: { ...geminiRequests.tools.config, systemInstruction: parts.system },
    })
    const [openai, anthropic] = upstream.requests
      .slice(before)
      .map((request) => request.body as Record<string, unknown>)
    expect((openai!.messages as unknown[])[0]).toEqual({ role: 'system', content: parts.system })
    expect((openai!.tools as Array<{ function: { parameters: unknown } }>)[0]!.function.parameters).toEqual(
      parts.weatherSchema,
    )
    expect(anthropic!.system).toEqual([{ type: 'text', text: parts.system }])
    expect((anthropic!.tools as Array<{ input_schema: unknown }>)[0]!.input_schema).toEqual(parts.weatherSchema)
  })

  it('a function call round trip: the results of both calls reach an OpenAI upstream, each after its call', async () => {
    const ai = client()
    const before = upstream.requests.length
    await ai.models.generateContent({ ...geminiRequests['tool-result'], model: 'openai-tool-result' })
    const messages = (
      upstream.requests[before]!.body as {
        messages: Array<{ role: string; tool_call_id?: string; tool_calls?: Array<{ id: string }>; content?: unknown }>
      }
    ).messages
    const assistant = messages.find((message) => message.role === 'assistant')!
    const results = messages.filter((message) => message.role === 'tool')
    expect(results.map((result) => result.tool_call_id)).toEqual(assistant.tool_calls!.map((call) => call.id))
    expect(results.map((result) => JSON.parse(result.content as string) as unknown)).toEqual([
      JSON.parse(parts.osloWeather),
      JSON.parse(parts.bergenWeather),
    ])
  })
})

describe('the SDK against the rest of the surface', () => {
  let side: MockUpstream
  let target: TestGateway

  beforeAll(async () => {
    side = await startMockUpstream((request) => {
      if (request.path.endsWith(':countTokens')) return { json: { totalTokens: 31 } }
      if (request.path.endsWith(':generateContent'))
        return { status: 429, json: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } } }
      if (request.path.includes('gemini-2.5-flash-lite:streamGenerateContent')) {
        const chunk = {
          candidates: [
            { content: { role: 'model', parts: [{ text: 'Late but whole' }] }, finishReason: 'STOP', index: 0 },
          ],
          usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 3, totalTokenCount: 5 },
        }
        return { sse: [`data: ${JSON.stringify(chunk)}\r\n\r\n`], firstDelayMs: 120 }
      }
      if (request.path.includes(':streamGenerateContent')) {
        const chunk = { candidates: [{ content: { role: 'model', parts: [{ text: 'Half' }] }, index: 0 }] }
        return {
          sse: [
            `data: ${JSON.stringify(chunk)}\r\n\r\n`,
            `data: ${JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } })}\r\n\r\n`,
          ],
        }
      }
      return { status: 404, json: { error: { code: 404, message: 'no route', status: 'NOT_FOUND' } } }
    })
    target = await startGateway({
      auth: { tokens: ['client-token'] },
      routing: { maxAttempts: 1, keepAliveInterval: 20 },
      providers: [
        {
          name: 'ge',
          protocol: 'gemini',
          baseUrl: side.url,
          keys: ['gemini-key'],
          models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'],
        },
      ],
    })
  })

  afterAll(async () => {
    await target.close()
    await side.close()
  })

  it('countTokens', async () => {
    const counted = await client('client-token', target.url).models.countTokens({
      model: 'gemini-2.5-flash',
      contents: 'How many tokens?',
    })
    expect(counted.totalTokens).toBe(31)
  })

  it('models.list and models.get', async () => {
    const names: string[] = []
    for await (const model of await client('client-token', target.url).models.list()) names.push(model.name ?? '')
    expect(names.sort()).toEqual(['models/gemini-2.5-flash', 'models/gemini-2.5-flash-lite', 'models/gemini-2.5-pro'])
    expect((await client('client-token', target.url).models.get({ model: 'gemini-2.5-pro' })).name).toBe(
      'models/gemini-2.5-pro',
    )
  })

  it('a bad key is an ApiError 401 whose message is the Gemini error body', async () => {
    const error = await client('wrong-key', target.url)
      .models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(401)
    expect(JSON.parse((error as ApiError).message)).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } })
  })

  it('an upstream 429 is an ApiError 429 with RESOURCE_EXHAUSTED', async () => {
    const ai = new GoogleGenAI({
      apiKey: 'client-token',
      httpOptions: { baseUrl: `${target.url}/gemini`, apiVersion: 'v1beta', retryOptions: { attempts: 1 } },
    })
    const error = await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' })
      .catch((caught: unknown) => caught)
    expect((error as ApiError).status).toBe(429)
    expect(JSON.parse((error as ApiError).message)).toMatchObject({
      error: { code: 429, status: 'RESOURCE_EXHAUSTED' },
    })
  })

  it('keep-alive comments while the first chunk is late do not cost the SDK that chunk', async () => {
    const texts: string[] = []
    for await (const chunk of await client('client-token', target.url).models.generateContentStream({
      model: 'gemini-2.5-flash-lite',
      contents: 'Hi',
    }))
      texts.push(chunk.text ?? '')
    expect(texts).toEqual(['Late but whole'])
  })

  it('an error inside a stream is an ApiError after the text before it', async () => {
    const seen: string[] = []
    const error = await (async () => {
      for await (const chunk of await client('client-token', target.url).models.generateContentStream({
        model: 'gemini-2.5-pro',
        contents: 'Hi',
      }))
        seen.push(chunk.text ?? '')
    })().catch((caught: unknown) => caught)
    expect(seen).toEqual(['Half'])
    expect((error as ApiError).status).toBe(503)
  })
})

import { createOpenAI } from '@ai-sdk/openai'
import { generateText, stepCountIs, streamText, tool } from 'ai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { classify, fixtureProviders, startFixtureUpstream, type UpstreamProtocol } from './support/fixture-upstream.ts'
import { expectedAnswers, parts } from './support/scenarios.ts'

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

/** The AI SDK's default OpenAI model (`openai(id)` speaks the Responses API) pointed at pinai. */
function pinai(url: string) {
  return createOpenAI({ baseURL: `${url}/openai/v1`, apiKey: 'client-token' })
}

const weather = tool({
  description: 'Current weather in a city',
  inputSchema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).optional() }),
})

describe.each(upstreams)('the Vercel AI SDK’s default OpenAI model, %s-protocol upstream', (protocol) => {
  it('generateText', async () => {
    const before = upstream.requests.length
    const result = await generateText({
      model: pinai(gateway.url)(`${protocol}-plain`),
      system: parts.system,
      prompt: 'What is pinai?',
    })
    expect(result.text).toBe(expectedAnswers.plain.text)
    expect(result.finishReason).toBe('stop')
    expect(result.usage).toMatchObject({ inputTokens: 25, outputTokens: 11 })
    expect(classify(upstream.requests[before] as NonNullable<(typeof upstream.requests)[number]>)).toMatchObject({
      protocol,
      stream: false,
    })
  })

  it('streamText', async () => {
    const result = streamText({ model: pinai(gateway.url)(`${protocol}-plain`), prompt: 'What is pinai?' })
    let text = ''
    for await (const delta of result.textStream) text += delta
    expect(text).toBe(expectedAnswers.plain.text)
    expect(await result.finishReason).toBe('stop')
    expect(await result.usage).toMatchObject({ inputTokens: 25, outputTokens: 11 })
  })

  it.each([false, true])('a tool call (stream: %s)', async (stream) => {
    const options = {
      model: pinai(gateway.url)(`${protocol}-tools`),
      prompt: parts.weatherQuestion,
      tools: { get_weather: weather },
    }
    const calls = stream ? await streamText(options).toolCalls : (await generateText(options)).toolCalls
    expect(calls.map((call) => ({ name: call.toolName, args: call.input }))).toEqual(expectedAnswers.tools.toolCalls)
  })

  it('reasoning', async () => {
    const result = await generateText({
      model: pinai(gateway.url)(`${protocol}-reasoning`),
      prompt: 'What is 17 × 24?',
      providerOptions: { openai: { reasoningEffort: 'medium', reasoningSummary: 'auto' } },
    })
    expect(result.text).toBe(expectedAnswers.reasoning.text)
    expect(result.reasoningText).toBe(expectedAnswers.reasoning.reasoning)
  })
})

describe('a tool loop of the AI SDK through pinai', () => {
  let mock: MockUpstream
  let target: TestGateway

  beforeAll(async () => {
    // An OpenAI-chat upstream that asks for the weather until it has the tool's answer, then says it.
    mock = await startMockUpstream((request) => {
      const body = request.body as { messages: Array<{ role: string; content: unknown }>; stream?: boolean }
      const result = body.messages.find((message) => message.role === 'tool')
      const message = result
        ? { role: 'assistant', content: `It is ${String(result.content)} in Oslo.` }
        : {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              { id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            ],
          }
      return {
        json: {
          id: 'chatcmpl-loop',
          object: 'chat.completion',
          created: 1767225600,
          model: 'loop',
          choices: [{ index: 0, message, finish_reason: result ? 'stop' : 'tool_calls' }],
          usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
        },
      }
    })
    target = await startGateway({
      auth: { tokens: ['client-token'] },
      providers: [
        {
          name: 'oa',
          protocol: 'openai',
          baseUrl: `${mock.url}/v1`,
          keys: ['sk-oa-mock'],
          models: [{ id: 'loop', name: 'loop' }],
        },
      ],
    })
  })

  afterAll(async () => {
    await target.close()
    await mock.close()
  })

  it('runs the tool and sends its output back; the earlier step’s text comes back by reference', async () => {
    const sent: string[] = []
    const provider = createOpenAI({
      baseURL: `${target.url}/openai/v1`,
      apiKey: 'client-token',
      fetch: async (input, init) => {
        sent.push(typeof init?.body === 'string' ? init.body : '')
        return fetch(input, init)
      },
    })
    const result = await generateText({
      model: provider('loop'),
      prompt: 'Weather in Oslo?',
      tools: { get_weather: tool({ ...weather, execute: async ({ city }) => `sunny-in-${city}` }) },
      stopWhen: stepCountIs(3),
    })
    expect(result.text).toBe('It is sunny-in-Oslo in Oslo.')
    expect(sent[1]).toContain('"type":"item_reference"')
    const second = mock.requests.at(-1)?.body as {
      messages: Array<{ role: string; content: unknown; tool_calls?: unknown[] }>
    }
    // The assistant turn keeps the text the AI SDK sent as an item_reference (its default store: true).
    expect(second.messages.find((message) => message.role === 'assistant')).toMatchObject({
      content: 'Checking.',
      tool_calls: [{ id: 'call_w1' }],
    })
  })
})

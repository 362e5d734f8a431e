import { expect } from 'vitest'
import type { SeenRequest } from '../../helpers/mock-upstream.ts'
import { upstreamBase, type UpstreamProtocol } from './fixture-upstream.ts'
import { anthropicRequests, openaiRequests, parts, png, type Scenario } from './scenarios.ts'

/** One upstream request to check. */
export interface UpstreamCheck {
  client: 'openai' | 'anthropic'
  protocol: UpstreamProtocol
  scenario: Scenario
  stream: boolean
  request: SeenRequest
}

const { system, weatherQuestion, weatherSchema, oslo, bergen, osloWeather, bergenWeather } = parts
const description = 'Current weather in a city'
const json = (value: unknown) => JSON.stringify(value)

/** docs/protocols.md, "Anthropic client → OpenAI upstream": an Anthropic client's request as an OpenAI upstream gets it. */
const forOpenAI: Record<Scenario, Record<string, unknown>> = {
  plain: {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'What is pinai?' },
    ],
    max_tokens: 200,
  },
  tools: {
    messages: [{ role: 'user', content: weatherQuestion }],
    max_tokens: 300,
    tools: [{ type: 'function', function: { name: 'get_weather', description, parameters: weatherSchema } }],
    tool_choice: 'auto',
  },
  'tool-result': {
    messages: [
      { role: 'user', content: weatherQuestion },
      {
        role: 'assistant',
        content: "I'll check both cities.",
        tool_calls: [
          { id: 'toolu_01OsloWq3h', type: 'function', function: { name: 'get_weather', arguments: json(oslo) } },
          { id: 'toolu_01BergenR7x', type: 'function', function: { name: 'get_weather', arguments: json(bergen) } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01OsloWq3h', content: osloWeather },
      { role: 'tool', tool_call_id: 'toolu_01BergenR7x', content: bergenWeather },
    ],
    max_tokens: 300,
    tools: [{ type: 'function', function: { name: 'get_weather', description, parameters: weatherSchema } }],
  },
  images: {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
          { type: 'text', text: 'What is in this image?' },
        ],
      },
    ],
    max_tokens: 100,
  },
  // A budget of 2,048 is "medium" effort (docs/protocols.md, "Requests").
  reasoning: {
    messages: [{ role: 'user', content: 'What is 17 × 24?' }],
    max_tokens: 4096,
    reasoning_effort: 'medium',
  },
}

/** docs/protocols.md, "OpenAI client → Anthropic upstream": an OpenAI client's request as an Anthropic upstream gets it. */
const forAnthropic: Record<Scenario, Record<string, unknown>> = {
  plain: {
    max_tokens: 200,
    system: [{ type: 'text', text: system }],
    messages: [{ role: 'user', content: 'What is pinai?' }],
  },
  tools: {
    max_tokens: 300,
    messages: [{ role: 'user', content: weatherQuestion }],
    tools: [{ name: 'get_weather', description, input_schema: weatherSchema }],
    tool_choice: { type: 'auto' },
  },
  'tool-result': {
    max_tokens: 300,
    messages: [
      { role: 'user', content: weatherQuestion },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: "I'll check both cities." },
          { type: 'tool_use', id: 'call_Oslo7QkV2', name: 'get_weather', input: oslo },
          { type: 'tool_use', id: 'call_Berg3ZpX8', name: 'get_weather', input: bergen },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_Oslo7QkV2', content: osloWeather },
          { type: 'tool_result', tool_use_id: 'call_Berg3ZpX8', content: bergenWeather },
        ],
      },
    ],
    tools: [{ name: 'get_weather', description, input_schema: weatherSchema }],
  },
  images: {
    max_tokens: 100,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
        ],
      },
    ],
  },
  // "medium" effort is a 2,048-token thinking budget (docs/protocols.md, "Requests").
  reasoning: {
    max_tokens: 4096,
    messages: [{ role: 'user', content: 'What is 17 × 24?' }],
    thinking: { type: 'enabled', budget_tokens: 2048 },
  },
}

const geminiTools = [{ functionDeclarations: [{ name: 'get_weather', description, parameters: weatherSchema }] }]
const user = (text: string) => ({ role: 'user', parts: [{ text }] })

/** docs/protocols.md, "Either client → Gemini upstream": either client's request as a Gemini upstream gets it. */
function forGemini(scenario: Scenario, client: 'openai' | 'anthropic'): Record<string, unknown> {
  switch (scenario) {
    case 'plain':
      return {
        contents: [user('What is pinai?')],
        systemInstruction: { parts: [{ text: system }] },
        generationConfig: { maxOutputTokens: 200 },
      }
    case 'tools':
      return {
        contents: [user(weatherQuestion)],
        tools: geminiTools,
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
        generationConfig: { maxOutputTokens: 300 },
      }
    case 'tool-result':
      return {
        contents: [
          user(weatherQuestion),
          {
            role: 'model',
            parts: [
              { text: "I'll check both cities." },
              { functionCall: { name: 'get_weather', args: oslo } },
              { functionCall: { name: 'get_weather', args: bergen } },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { name: 'get_weather', response: JSON.parse(osloWeather) as unknown } },
              { functionResponse: { name: 'get_weather', response: JSON.parse(bergenWeather) as unknown } },
            ],
          },
        ],
        tools: geminiTools,
        generationConfig: { maxOutputTokens: 300 },
      }
    case 'images': {
      const image = { inlineData: { mimeType: 'image/png', data: png } }
      const text = { text: 'What is in this image?' }
      return {
        contents: [{ role: 'user', parts: client === 'openai' ? [text, image] : [image, text] }],
        generationConfig: { maxOutputTokens: 100 },
      }
    }
    case 'reasoning':
      return {
        contents: [user('What is 17 × 24?')],
        generationConfig: { maxOutputTokens: 4096, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } },
      }
    default: {
      const unreachable: never = scenario
      throw new Error(`unknown scenario ${String(unreachable)}`)
    }
  }
}

/**
 * Checks that the upstream got the client's request in its own protocol: the same bytes with the model
 * renamed on a same-protocol trip, otherwise exactly the translation docs/protocols.md ("Requests") prescribes.
 */
export function expectUpstreamRequest({ client, protocol, scenario, stream, request }: UpstreamCheck): void {
  const model = `${upstreamBase[protocol]}--${scenario}`
  if (protocol === 'gemini') {
    expect(request.path).toBe(`/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`)
    expect(request.body).toEqual(forGemini(scenario, client))
    return
  }
  const streamFields = stream
    ? protocol === 'openai'
      ? { stream: true, stream_options: { include_usage: true } }
      : { stream: true }
    : {}
  if (protocol === client) {
    const sent = client === 'openai' ? openaiRequests[scenario] : anthropicRequests[scenario]
    expect(request.body).toEqual({ ...sent, model, ...streamFields })
    return
  }
  expect(request.body).toEqual({
    model,
    ...(protocol === 'openai' ? forOpenAI : forAnthropic)[scenario],
    ...streamFields,
  })
}

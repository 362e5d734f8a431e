import type Anthropic from '@anthropic-ai/sdk'
import type OpenAI from 'openai'

/** The situations every client × upstream pair is tried in; each names fixtures in `fixtures/e2e/<protocol>/`. */
export const scenarios = ['plain', 'tools', 'tool-result', 'images', 'reasoning'] as const

/** One of {@link scenarios}. */
export type Scenario = (typeof scenarios)[number]

/** An answer as a user of either SDK sees it, whatever protocol the upstream spoke. */
export interface Answer {
  text: string
  reasoning: string
  toolCalls: Array<{ name: string; args: unknown }>
  finish: 'stop' | 'tool'
  usage: { input: number; output: number }
}

/** A 1×1 red PNG. */
export const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

const system = 'You answer in one sentence.'
const weatherQuestion = "What's the weather in Oslo and Bergen?"
const weatherSchema = {
  type: 'object',
  properties: {
    city: { type: 'string', description: 'City name' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
  },
  required: ['city'],
}
const oslo = { city: 'Oslo', unit: 'celsius' }
const bergen = { city: 'Bergen', unit: 'celsius' }
const osloWeather = '{"temperature":4,"sky":"cloudy"}'
const bergenWeather = '{"temperature":7,"sky":"light rain"}'

/** What the fixtures of each scenario say, in every protocol. */
export const expectedAnswers: Record<Scenario, Answer> = {
  plain: {
    text: 'Pinai is a personal gateway for AI models: one endpoint, many upstreams.',
    reasoning: '',
    toolCalls: [],
    finish: 'stop',
    usage: { input: 25, output: 11 },
  },
  tools: {
    text: "I'll check both cities.",
    reasoning: '',
    toolCalls: [
      { name: 'get_weather', args: oslo },
      { name: 'get_weather', args: bergen },
    ],
    finish: 'tool',
    usage: { input: 96, output: 52 },
  },
  'tool-result': {
    text: 'Oslo is 4 °C and cloudy; Bergen is 7 °C with light rain.',
    reasoning: '',
    toolCalls: [],
    finish: 'stop',
    usage: { input: 171, output: 19 },
  },
  images: {
    text: 'A single red pixel on a transparent background.',
    reasoning: '',
    toolCalls: [],
    finish: 'stop',
    usage: { input: 287, output: 9 },
  },
  reasoning: {
    text: '17 × 24 = 408.',
    reasoning: 'The user asks for 17 × 24. 17 × 20 = 340 and 17 × 4 = 68, so 408.',
    toolCalls: [],
    finish: 'stop',
    usage: { input: 18, output: 60 },
  },
}

type OpenAIParams = Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, 'model'>
type AnthropicParams = Omit<Anthropic.MessageCreateParamsNonStreaming, 'model'>

const openaiWeatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather in a city', parameters: weatherSchema },
}
const anthropicWeatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: weatherSchema as Anthropic.Tool.InputSchema,
}

/** What the official OpenAI SDK sends in each scenario (the model is added per call). */
export const openaiRequests: Record<Scenario, OpenAIParams> = {
  plain: {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'What is pinai?' },
    ],
    max_tokens: 200,
  },
  tools: {
    messages: [{ role: 'user', content: weatherQuestion }],
    tools: [openaiWeatherTool],
    tool_choice: 'auto',
    max_tokens: 300,
  },
  'tool-result': {
    messages: [
      { role: 'user', content: weatherQuestion },
      {
        role: 'assistant',
        content: "I'll check both cities.",
        tool_calls: [
          {
            id: 'call_Oslo7QkV2',
            type: 'function',
            function: { name: 'get_weather', arguments: JSON.stringify(oslo) },
          },
          {
            id: 'call_Berg3ZpX8',
            type: 'function',
            function: { name: 'get_weather', arguments: JSON.stringify(bergen) },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_Oslo7QkV2', content: osloWeather },
      { role: 'tool', tool_call_id: 'call_Berg3ZpX8', content: bergenWeather },
    ],
    tools: [openaiWeatherTool],
    max_tokens: 300,
  },
  images: {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        ],
      },
    ],
    max_tokens: 100,
  },
  reasoning: {
    messages: [{ role: 'user', content: 'What is 17 × 24?' }],
    reasoning_effort: 'medium',
    max_completion_tokens: 4096,
  },
}

/** What the official Anthropic SDK sends in each scenario (the model is added per call). */
export const anthropicRequests: Record<Scenario, AnthropicParams> = {
  plain: { system, messages: [{ role: 'user', content: 'What is pinai?' }], max_tokens: 200 },
  tools: {
    messages: [{ role: 'user', content: weatherQuestion }],
    tools: [anthropicWeatherTool],
    tool_choice: { type: 'auto' },
    max_tokens: 300,
  },
  'tool-result': {
    messages: [
      { role: 'user', content: weatherQuestion },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: "I'll check both cities." },
          { type: 'tool_use', id: 'toolu_01OsloWq3h', name: 'get_weather', input: oslo },
          { type: 'tool_use', id: 'toolu_01BergenR7x', name: 'get_weather', input: bergen },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01OsloWq3h', content: osloWeather },
          { type: 'tool_result', tool_use_id: 'toolu_01BergenR7x', content: bergenWeather },
        ],
      },
    ],
    tools: [anthropicWeatherTool],
    max_tokens: 300,
  },
  images: {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
          { type: 'text', text: 'What is in this image?' },
        ],
      },
    ],
    max_tokens: 100,
  },
  reasoning: {
    messages: [{ role: 'user', content: 'What is 17 × 24?' }],
    thinking: { type: 'enabled', budget_tokens: 2048 },
    max_tokens: 4096,
  },
}

/** The pieces of each scenario that upstream-request checks refer to. */
export const parts = { system, weatherQuestion, weatherSchema, oslo, bergen, osloWeather, bergenWeather }

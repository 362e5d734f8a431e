import type OpenAI from 'openai'
import { parts, png, type Answer, type Scenario } from './scenarios.ts'

type ResponsesParams = Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, 'model' | 'stream'>

const { system, weatherQuestion, weatherSchema, oslo, bergen, osloWeather, bergenWeather } = parts
const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: weatherSchema,
  strict: false,
}

/** What the official OpenAI SDK's `responses.create` sends in each scenario (no `max_output_tokens`, as Codex). */
export const responsesRequests: Record<Scenario, ResponsesParams> = {
  plain: { instructions: system, input: 'What is pinai?' },
  tools: { input: weatherQuestion, tools: [weatherTool], tool_choice: 'auto' },
  'tool-result': {
    input: [
      { role: 'user', content: weatherQuestion },
      {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: "I'll check both cities.", annotations: [] }],
        id: 'msg_1',
        status: 'completed',
      },
      { type: 'function_call', call_id: 'call_Oslo7QkV2', name: 'get_weather', arguments: JSON.stringify(oslo) },
      { type: 'function_call', call_id: 'call_Berg3ZpX8', name: 'get_weather', arguments: JSON.stringify(bergen) },
      { type: 'function_call_output', call_id: 'call_Oslo7QkV2', output: osloWeather },
      { type: 'function_call_output', call_id: 'call_Berg3ZpX8', output: bergenWeather },
    ],
    tools: [weatherTool],
  },
  images: {
    input: [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is in this image?' },
          { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' },
        ],
      },
    ],
  },
  reasoning: {
    input: 'What is 17 × 24?',
    reasoning: { effort: 'medium', summary: 'auto' },
    include: ['reasoning.encrypted_content'],
    store: false,
  },
}

const parseArgs = (text: string): unknown => JSON.parse(text === '' ? '{}' : text) as unknown

/**
 * What an OpenAI SDK user reads from a response: the texts of its messages, its reasoning summaries, its
 * function calls; `tool` when it has calls, `stop` when it completed without.
 */
export function answerOfResponse(response: OpenAI.Responses.Response): Answer {
  if (response.status !== 'completed') throw new Error(`response status ${String(response.status)}`)
  const answer: Answer = {
    text: '',
    reasoning: '',
    toolCalls: [],
    finish: 'stop',
    usage: { input: response.usage?.input_tokens ?? -1, output: response.usage?.output_tokens ?? -1 },
  }
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) answer.text += part.type === 'output_text' ? part.text : part.refusal
    } else if (item.type === 'reasoning') answer.reasoning += item.summary.map((part) => part.text).join('')
    else if (item.type === 'function_call') answer.toolCalls.push({ name: item.name, args: parseArgs(item.arguments) })
    else throw new Error(`unexpected output item ${item.type}`)
  }
  if (answer.toolCalls.length > 0) answer.finish = 'tool'
  return answer
}

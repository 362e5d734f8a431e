import type Anthropic from '@anthropic-ai/sdk'
import type OpenAI from 'openai'
import type { Answer } from './scenarios.ts'

const parseArgs = (text: string): unknown => {
  try {
    return JSON.parse(text === '' ? '{}' : text)
  } catch {
    throw new Error(`tool arguments are not valid JSON: ${text}`)
  }
}

const openaiFinish = (reason: string | null | undefined): Answer['finish'] => {
  if (reason === 'stop') return 'stop'
  if (reason === 'tool_calls') return 'tool'
  throw new Error(`unexpected finish_reason ${String(reason)}`)
}

const anthropicFinish = (reason: string | null | undefined): Answer['finish'] => {
  if (reason === 'end_turn') return 'stop'
  if (reason === 'tool_use') return 'tool'
  throw new Error(`unexpected stop_reason ${String(reason)}`)
}

/** `reasoning_content` is not in the OpenAI types: pinai (like DeepSeek) adds it. */
type WithReasoning<T> = T & { reasoning_content?: string | null }

/** What an OpenAI SDK user reads from a chat completion. */
export function answerOfCompletion(completion: OpenAI.ChatCompletion): Answer {
  const choice = completion.choices[0]
  if (!choice) throw new Error('no choice')
  const message = choice.message as WithReasoning<OpenAI.ChatCompletionMessage>
  const calls = (message.tool_calls ?? []).map((call) => {
    if (call.type !== 'function') throw new Error(`unexpected tool call type ${call.type}`)
    return { name: call.function.name, args: parseArgs(call.function.arguments) }
  })
  return {
    text: message.content ?? '',
    reasoning: message.reasoning_content ?? '',
    toolCalls: calls,
    finish: openaiFinish(choice.finish_reason),
    usage: { input: completion.usage?.prompt_tokens ?? -1, output: completion.usage?.completion_tokens ?? -1 },
  }
}

/**
 * What an OpenAI SDK user assembles from a stream, checking what clients rely on: tool calls numbered
 * 0, 1, … in order, each first fragment with its id and name, later fragments only adding arguments,
 * the arguments joining into valid JSON, one finish reason, the usage chunk last.
 */
export async function answerOfChunks(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<Answer> {
  let text = ''
  let reasoning = ''
  let finish: string | null | undefined
  let usage: OpenAI.CompletionUsage | undefined
  const calls: Array<{ id: string; name: string; args: string }> = []
  for await (const chunk of stream) {
    if (usage) throw new Error('a chunk after the usage chunk')
    if (chunk.usage) usage = chunk.usage
    const choice = chunk.choices[0]
    if (!choice) continue
    const delta = choice.delta as WithReasoning<OpenAI.ChatCompletionChunk.Choice.Delta>
    text += delta.content ?? ''
    reasoning += delta.reasoning_content ?? ''
    for (const call of delta.tool_calls ?? []) {
      const known = calls[call.index]
      if (!known) {
        if (call.index !== calls.length) throw new Error(`tool call index ${call.index} skips ${calls.length}`)
        if (!call.id || !call.function?.name) throw new Error(`tool call ${call.index} starts without id or name`)
        calls.push({ id: call.id, name: call.function.name, args: call.function.arguments ?? '' })
        continue
      }
      if (call.id !== undefined && call.id !== known.id) throw new Error(`tool call ${call.index} changed its id`)
      known.args += call.function?.arguments ?? ''
    }
    if (choice.finish_reason) {
      if (finish) throw new Error('two finish reasons')
      finish = choice.finish_reason
    }
  }
  if (new Set(calls.map((call) => call.id)).size !== calls.length) throw new Error('tool call ids repeat')
  return {
    text,
    reasoning,
    toolCalls: calls.map((call) => ({ name: call.name, args: parseArgs(call.args) })),
    finish: openaiFinish(finish),
    usage: { input: usage?.prompt_tokens ?? -1, output: usage?.completion_tokens ?? -1 },
  }
}

/** What an Anthropic SDK user reads from a message (streamed ones assembled by the SDK). */
export function answerOfMessage(message: Anthropic.Message): Answer {
  const answer: Answer = {
    text: '',
    reasoning: '',
    toolCalls: [],
    finish: anthropicFinish(message.stop_reason),
    usage: { input: message.usage.input_tokens, output: message.usage.output_tokens },
  }
  for (const block of message.content) {
    if (block.type === 'text') answer.text += block.text
    else if (block.type === 'thinking') answer.reasoning += block.thinking
    else if (block.type === 'tool_use') answer.toolCalls.push({ name: block.name, args: block.input })
    else throw new Error(`unexpected block ${block.type}`)
  }
  return answer
}

/** A `fetch` that keeps a copy of every event-stream body it reads, for checks the SDKs do not make. */
export function teeingFetch(): { fetch: typeof fetch; bodies: Promise<string>[] } {
  const bodies: Promise<string>[] = []
  const teeing: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) return response
    const [forClient, forCheck] = response.body.tee()
    bodies.push(new Response(forCheck).text())
    return new Response(forClient, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    })
  }
  return { fetch: teeing, bodies }
}

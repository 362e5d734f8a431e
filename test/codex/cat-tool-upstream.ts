import {
  anthropicSse,
  openaiSse,
  startMockUpstream,
  type MockReply,
  type MockUpstream,
  type SeenRequest,
} from '../helpers/mock-upstream.ts'
import { responsesSse, type ResponsesItem } from './responses-sse.ts'
import { upstreamTurn, type UpstreamProtocol } from './upstream-turn.ts'

/**
 * A model for Codex, served in all four upstream protocols (OpenAI chat, Anthropic, Gemini, Responses),
 * told apart by path. Asked to run {@link catCommand}, it thinks, says a sentence and calls Codex's
 * `exec_command` tool with it (asked to run {@link secondCommand} too, both calls in one turn); once
 * the outputs come back, it answers {@link answerPrefix} and each output's last line. Asked for {@link essayMarker}, it stops at its token limit mid-sentence;
 * asked for {@link refusalMarker}, it refuses with a 400 in its protocol's error shape. Asked anything
 * else, it thinks and answers {@link greeting}.
 */
export interface CatToolScript {
  /** A pause before the first event of every answer (a model thinking before it speaks). */
  firstDelayMs?: number
}

/** The command the model asks Codex to run (a file in Codex's working directory). */
export const catCommand = 'cat notes.txt'
/** The one-shot answer. */
export const greeting = 'Hello from the mock model, through pinai.'
/** What the model says before the output's last line. */
export const answerPrefix = 'The file says: '
/** The model's reasoning, in every protocol's own reasoning field. */
export const reasoningText = 'The user wants the file; I will run cat.'
/** A second command: a prompt naming both gets both calls in one turn (Codex sends `parallel_tool_calls: true`). */
export const secondCommand = 'cat todo.txt'
/** The id of each call, where the upstream protocol gives one (Gemini gives none). */
export const callIds: Record<UpstreamProtocol, string[]> = {
  openai: ['call_cat01', 'call_cat02'],
  anthropic: ['toolu_01CodexCat', 'toolu_02CodexCat'],
  gemini: [],
  responses: ['call_cat01', 'call_cat02'],
}
/** A prompt holding this gets an answer cut at the token limit: {@link cutText}. */
export const essayMarker = 'a long essay about harbors'
/** The text of the cut answer. */
export const cutText = 'Harbors are where the sea'
/** A prompt holding this gets a 400 with {@link refusalMessage}. */
export const refusalMarker = 'the whole archive'
/** The upstream's error message for a refused prompt (Anthropic's and OpenAI's wording). */
export const refusalMessage = 'prompt is too long: 250113 tokens > 200000 maximum'
/** Gemini's own wording for the same refusal. */
export const geminiRefusalMessage =
  'The input token count (1250113) exceeds the maximum number of tokens allowed (1048576).'
/** What each upstream attaches to its reasoning so that the next turn can replay it. */
export const signatures = {
  anthropic: 'EqQBanthropicSigCat01',
  gemini: 'CiQBcodexGeminiCat01',
  responses: 'gAAAAcodexEncryptedCat01',
}

/** What the model answers once the outputs are back: the prefix and each output's last line, joined by ` / `. */
function answerFor(outputs: string[]): string {
  const lastLines = outputs.map(
    (output) =>
      output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .at(-1)
        ?.trim() ?? '',
  )
  return answerPrefix + lastLines.join(' / ')
}

/** Calls of `exec_command` (one per command), or a text answer (`cut`: stopped by the token limit). */
type Turn = { kind: 'call'; commands: string[] } | { kind: 'answer'; text: string; cut?: boolean }

function turnOf(protocol: UpstreamProtocol, request: SeenRequest): Turn {
  const results = upstreamTurn(protocol, request.body).results
  if (results.length > 0) return { kind: 'answer', text: answerFor(results.map((result) => result.text)) }
  if (request.text.includes(essayMarker)) return { kind: 'answer', text: cutText, cut: true }
  if (request.text.includes(secondCommand)) return { kind: 'call', commands: [catCommand, secondCommand] }
  return request.text.includes(catCommand)
    ? { kind: 'call', commands: [catCommand] }
    : { kind: 'answer', text: greeting }
}

/** The 400 each protocol answers a prompt over its context window with. */
function refusal(protocol: UpstreamProtocol): MockReply {
  if (protocol === 'anthropic')
    return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: refusalMessage } } }
  if (protocol === 'gemini')
    return { status: 400, json: { error: { code: 400, message: geminiRefusalMessage, status: 'INVALID_ARGUMENT' } } }
  return {
    status: 400,
    json: {
      error: {
        message: refusalMessage,
        type: 'invalid_request_error',
        param: 'input',
        code: 'context_length_exceeded',
      },
    },
  }
}

const callArguments = (command: string) => JSON.stringify({ cmd: command })
const halves = (text: string): [string, string] => [
  text.slice(0, Math.ceil(text.length / 2)),
  text.slice(Math.ceil(text.length / 2)),
]

const openaiId = {
  id: 'chatcmpl-CodexCat01',
  object: 'chat.completion.chunk',
  created: 1767225600,
  model: 'gpt-4.1-2025-04-14',
  system_fingerprint: 'fp_codex',
}
const openaiChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  ...openaiId,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  usage: null,
})
const openaiUsage = {
  ...openaiId,
  choices: [],
  usage: {
    prompt_tokens: 9120,
    completion_tokens: 41,
    total_tokens: 9161,
    prompt_tokens_details: { cached_tokens: 8960 },
    completion_tokens_details: { reasoning_tokens: 12 },
  },
}

function openaiReply(turn: Turn): string[] {
  const [firstReasoning, secondReasoning] = halves(reasoningText)
  const thinking = [
    openaiChunk({ role: 'assistant', content: null, reasoning_content: firstReasoning }),
    openaiChunk({ reasoning_content: secondReasoning }),
  ]
  if (turn.kind === 'answer') {
    const [first, second] = halves(turn.text)
    return openaiSse([
      ...thinking,
      openaiChunk({ content: first }),
      openaiChunk({ content: second }),
      openaiChunk({}, turn.cut ? 'length' : 'stop'),
      openaiUsage,
    ])
  }
  const calls = turn.commands.flatMap((command, index) => {
    const [first, second] = halves(callArguments(command))
    return [
      openaiChunk({
        tool_calls: [
          { index, id: callIds.openai[index], type: 'function', function: { name: 'exec_command', arguments: '' } },
        ],
      }),
      openaiChunk({ tool_calls: [{ index, function: { arguments: first } }] }),
      openaiChunk({ tool_calls: [{ index, function: { arguments: second } }] }),
    ]
  })
  return openaiSse([
    ...thinking,
    openaiChunk({ content: 'I will run the command.' }),
    ...calls,
    openaiChunk({}, 'tool_calls'),
    openaiUsage,
  ])
}

type AnthropicEvent = { type: string } & Record<string, unknown>

function anthropicReply(turn: Turn): string[] {
  const message = {
    id: 'msg_01CodexCat',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 9120, output_tokens: 1, cache_read_input_tokens: 0 },
  }
  const thinking: AnthropicEvent[] = [
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: reasoningText } },
    { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: signatures.anthropic } },
    { type: 'content_block_stop', index: 0 },
  ]
  const text = (index: number, value: string): AnthropicEvent[] => {
    const [first, second] = halves(value)
    return [
      { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index, delta: { type: 'text_delta', text: first } },
      { type: 'content_block_delta', index, delta: { type: 'text_delta', text: second } },
      { type: 'content_block_stop', index },
    ]
  }
  const end = (stopReason: string): AnthropicEvent[] => [
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 41 } },
    { type: 'message_stop' },
  ]
  const start: AnthropicEvent = { type: 'message_start', message }
  if (turn.kind === 'answer')
    return anthropicSse([start, ...thinking, ...text(1, turn.text), ...end(turn.cut ? 'max_tokens' : 'end_turn')])
  const calls = turn.commands.flatMap((command, position): AnthropicEvent[] => {
    const index = 2 + position
    const [first, second] = halves(callArguments(command))
    return [
      {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: callIds.anthropic[position], name: 'exec_command', input: {} },
      },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: first } },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: second } },
      { type: 'content_block_stop', index },
    ]
  })
  return anthropicSse([start, ...thinking, ...text(1, 'I will run the command.'), ...calls, ...end('tool_use')])
}

const geminiMeta = { modelVersion: 'gemini-2.5-pro', responseId: 'codexCat-gemini-01' }
const geminiChunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], usageMetadata: { promptTokenCount: 9120, totalTokenCount: 9120 }, ...geminiMeta })}\r\n\r\n`
const geminiEnd = (finishReason: string) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason, index: 0 }], usageMetadata: { promptTokenCount: 9120, candidatesTokenCount: 29, thoughtsTokenCount: 12, totalTokenCount: 9161 }, ...geminiMeta })}\r\n\r\n`

function geminiReply(turn: Turn): string[] {
  const thought = geminiChunk([{ text: reasoningText, thought: true }])
  if (turn.kind === 'answer') {
    const [first, second] = halves(turn.text)
    return [
      thought,
      geminiChunk([{ text: first }]),
      geminiChunk([{ text: second }]),
      geminiEnd(turn.cut ? 'MAX_TOKENS' : 'STOP'),
    ]
  }
  // Gemini signs only the first call of a turn.
  const calls = turn.commands.map((command, index) => ({
    functionCall: { name: 'exec_command', args: { cmd: command } },
    ...(index === 0 ? { thoughtSignature: signatures.gemini } : {}),
  }))
  return [thought, geminiChunk([{ text: 'I will run the command.' }]), geminiChunk(calls), geminiEnd('STOP')]
}

function responsesReply(turn: Turn): string[] {
  const reasoning: ResponsesItem = {
    type: 'reasoning',
    id: 'rs_codexCat01',
    summary: [reasoningText],
    encryptedContent: signatures.responses,
  }
  if (turn.kind === 'answer')
    return responsesSse(
      'resp_codexCat02',
      'gpt-5-codex',
      [reasoning, { type: 'message', id: 'msg_codexCat02', text: turn.text }],
      turn.cut ? 'incomplete' : 'completed',
    )
  const calls = turn.commands.map((command, index): ResponsesItem => ({
    type: 'function_call',
    id: `fc_codexCat0${index + 1}`,
    callId: callIds.responses[index] ?? '',
    name: 'exec_command',
    arguments: callArguments(command),
  }))
  return responsesSse('resp_codexCat01', 'gpt-5-codex', [
    reasoning,
    { type: 'message', id: 'msg_codexCat01', text: 'I will run the command.' },
    ...calls,
  ])
}

function protocolOf(path: string): UpstreamProtocol | undefined {
  if (path === '/v1/chat/completions') return 'openai'
  if (path === '/v1/messages') return 'anthropic'
  if (path.startsWith('/v1beta/models/') && path.includes(':streamGenerateContent')) return 'gemini'
  if (path === '/v1/responses') return 'responses'
  return undefined
}

const replies: Record<UpstreamProtocol, (turn: Turn) => string[]> = {
  openai: openaiReply,
  anthropic: anthropicReply,
  gemini: geminiReply,
  responses: responsesReply,
}

/** Starts one local upstream answering the four protocols by path, each as a stream. */
export function startCatToolUpstream(script: CatToolScript = {}): Promise<MockUpstream> {
  const stream = (sse: string[]): MockReply => ({ sse, delayMs: 2, firstDelayMs: script.firstDelayMs })
  return startMockUpstream((request: SeenRequest) => {
    const protocol = protocolOf(request.path)
    if (!protocol) return { status: 404, json: { error: { message: `no route ${request.method} ${request.path}` } } }
    if (request.text.includes(refusalMarker)) return refusal(protocol)
    return stream(replies[protocol](turnOf(protocol, request)))
  })
}

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  anthropicSse,
  openaiSse,
  startMockUpstream,
  type MockReply,
  type MockUpstream,
  type SeenRequest,
} from '../helpers/mock-upstream.ts'

/**
 * How an upstream model behaves, chosen by its id (`ok@good`, `fail-500`, …): the part before `@`.
 * - `ok`: answers `answer from <id>` (JSON or a stream, paced 5 ms an event)
 * - `burst`: the same, the whole stream in one write (the gateway reads it in one go)
 * - `quick`: the same, each event its own write with no pause
 * - `paced`: the same, 150 ms between events (a stream that lasts about a second)
 * - `late-<status>`: that status, after 250 ms of silence (past a test's keep-alive interval)
 * - `fail-<status>`: that status with an error body in the upstream's protocol (`fail-429` adds Retry-After: 30)
 * - `hang`: never answers
 * - `slow-first`: sends headers at once, the first content after 3 s
 * - `drop-early`: the connection drops before any content
 * - `drop-mid`: a stream drops after some content (a JSON answer drops halfway)
 * - `stall-mid`: a stream goes silent after some content
 */
export type Mode =
  | 'ok'
  | 'burst'
  | 'quick'
  | 'paced'
  | `late-${number}`
  | `fail-${number}`
  | 'hang'
  | 'slow-first'
  | 'drop-early'
  | 'drop-mid'
  | 'stall-mid'

/** The text a healthy upstream model answers with. */
export const answerOf = (id: string) => `answer from ${id}`

/** The first words of a stream that later breaks. */
export const partialText = 'partial words'

type Protocol = 'openai' | 'anthropic'

const openaiChunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-e2e',
  object: 'chat.completion.chunk',
  created: 1741570283,
  model,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
})

function openaiStream(model: string, texts: string[]): string[] {
  return openaiSse([
    openaiChunk(model, { role: 'assistant', content: '' }),
    ...texts.map((text) => openaiChunk(model, { content: text })),
    openaiChunk(model, {}, 'stop'),
    {
      id: 'chatcmpl-e2e',
      object: 'chat.completion.chunk',
      created: 1741570283,
      model,
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: texts.length, total_tokens: 9 + texts.length },
    },
  ])
}

function anthropicStream(model: string, texts: string[]): string[] {
  return anthropicSse([
    {
      type: 'message_start',
      message: {
        id: 'msg_e2e',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 9, output_tokens: 1 },
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'ping' },
    ...texts.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: texts.length },
    },
    { type: 'message_stop' },
  ] as Array<{ type: string }>)
}

function completion(protocol: Protocol, model: string, text: string): unknown {
  if (protocol === 'openai') {
    return {
      id: 'chatcmpl-e2e',
      object: 'chat.completion',
      created: 1741569952,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
    }
  }
  return {
    id: 'msg_e2e',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 9, output_tokens: 4 },
  }
}

function errorBody(protocol: Protocol, status: number): unknown {
  const message = `scripted failure ${status}`
  if (protocol === 'openai') {
    const type =
      status === 429
        ? 'rate_limit_error'
        : status === 401
          ? 'invalid_request_error'
          : status >= 500
            ? 'server_error'
            : 'invalid_request_error'
    return { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } }
  }
  const type =
    status === 429
      ? 'rate_limit_error'
      : status === 401
        ? 'authentication_error'
        : status === 529
          ? 'overloaded_error'
          : status >= 500
            ? 'api_error'
            : 'invalid_request_error'
  return { type: 'error', error: { type, message } }
}

/** Sends the events up to the first content delta as one write, then the rest one by one. */
function afterContent(protocol: Protocol, frames: string[]): string[] {
  const headLength = protocol === 'openai' ? 2 : 4
  return [frames.slice(0, headLength).join(''), ...frames.slice(headLength)]
}

/** The scripted reply to one request. */
export function scriptedReply(request: SeenRequest): MockReply {
  const protocol: Protocol = request.path.endsWith('/v1/messages') ? 'anthropic' : 'openai'
  const body = (request.body ?? {}) as { model?: string; stream?: boolean }
  const id = body.model ?? ''
  const mode = id.split('@')[0] ?? ''
  const stream = body.stream === true
  const streamOf = protocol === 'openai' ? openaiStream : anthropicStream
  if (mode.startsWith('fail-')) {
    const status = Number(mode.slice(5))
    return { status, headers: status === 429 ? { 'retry-after': '30' } : {}, json: errorBody(protocol, status) }
  }
  if (mode.startsWith('late-')) {
    const status = Number(mode.slice(5))
    return { status, json: errorBody(protocol, status), delayMs: 250 }
  }
  const answer = () => streamOf(id, [answerOf(id).slice(0, 7), answerOf(id).slice(7)])
  switch (mode) {
    case 'ok':
      return stream ? { sse: answer(), delayMs: 5 } : { json: completion(protocol, id, answerOf(id)) }
    case 'burst':
      return stream ? { sse: [answer().join('')] } : { json: completion(protocol, id, answerOf(id)) }
    case 'quick':
      return stream ? { sse: answer() } : { json: completion(protocol, id, answerOf(id)) }
    case 'paced':
      return stream ? { sse: answer(), delayMs: 150 } : { json: completion(protocol, id, answerOf(id)), delayMs: 500 }
    case 'hang':
      return { hang: true }
    case 'slow-first':
      return stream
        ? { sse: streamOf(id, ['too late']), firstDelayMs: 3000 }
        : { json: completion(protocol, id, 'too late'), delayMs: 3000 }
    case 'drop-early':
      // Headers and a first meta event (or half a JSON body), then the connection goes.
      return stream
        ? { sse: streamOf(id, ['never sent']), dropAfter: 1 }
        : { sse: ['{"id":"chatcmpl-e2e","choices":[{"ind'], dropAfter: 1 }
    case 'drop-mid':
      // The pause lets the content reach the gateway before the drop (a reset discards unread data).
      return stream
        ? { sse: afterContent(protocol, streamOf(id, [partialText, ' never sent'])), dropAfter: 1, delayMs: 100 }
        : { sse: ['{"id":"x",'], dropAfter: 1 }
    case 'stall-mid':
      return { sse: afterContent(protocol, streamOf(id, [partialText, ' never sent'])), delayMs: 5000 }
    default:
      return { status: 404, json: errorBody(protocol, 404) }
  }
}

/** A scripted upstream on 127.0.0.1 serving both protocols (OpenAI under `/v1`, Anthropic at the root). */
export function startScriptedUpstream(): Promise<MockUpstream> {
  return startMockUpstream(scriptedReply)
}

/** A base URL on 127.0.0.1 where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

/** How many requests the upstream saw for one upstream model id. */
export function requestsFor(upstream: MockUpstream, id: string): number {
  return upstream.requests.filter((request) => (request.body as { model?: string } | undefined)?.model === id).length
}

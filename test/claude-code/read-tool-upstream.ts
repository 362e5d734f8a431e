import {
  openaiSse,
  startMockUpstream,
  type MockReply,
  type MockUpstream,
  type SeenRequest,
} from '../helpers/mock-upstream.ts'

/**
 * A model that reads one file with Claude Code's `Read` tool, then answers with what the tool gave back.
 * Served in the OpenAI and the Gemini protocol, as upstreams stream them: first reasoning, a sentence,
 * and the `Read` call (OpenAI: the arguments split over several chunks; Gemini: one `functionCall` part
 * with a thought signature); once the tool result comes back, a text answer quoting it.
 */
export interface ReadToolScript {
  /** The file the model asks Claude Code to read (an absolute path). */
  filePath: string
  /** A pause before the first event of the tool-call answer (a model thinking before it speaks). */
  firstDelayMs?: number
}

/** What the upstream echoes after the tool result. */
export const answerPrefix = 'The file says: '

const openaiId = {
  id: 'chatcmpl-CcRead01',
  object: 'chat.completion.chunk',
  created: 1767225600,
  model: 'gpt-4.1-2025-04-14',
  system_fingerprint: 'fp_e2e',
}

function openaiChunk(delta: Record<string, unknown>, finish: string | null = null) {
  return { ...openaiId, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null }
}

function openaiUsage(prompt: number, completion: number) {
  return {
    ...openaiId,
    choices: [],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 8 },
    },
  }
}

/** The text of the last tool message (OpenAI), or of the last functionResponse (Gemini). */
function toolOutput(protocol: 'openai' | 'gemini', body: unknown): string | undefined {
  if (protocol === 'openai') {
    const messages = (body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? []
    const tool = messages.filter((message) => message.role === 'tool').at(-1)
    if (!tool) return undefined
    return typeof tool.content === 'string' ? tool.content : JSON.stringify(tool.content)
  }
  const contents =
    (body as { contents?: Array<{ parts?: Array<{ functionResponse?: { response?: unknown } }> }> }).contents ?? []
  const responses = contents.flatMap((content) => content.parts ?? []).filter((part) => part.functionResponse)
  const last = responses.at(-1)?.functionResponse?.response
  if (last === undefined) return undefined
  const result =
    (last as { result?: unknown; content?: unknown }).result ?? (last as { content?: unknown }).content ?? last
  return typeof result === 'string' ? result : JSON.stringify(result)
}

function openaiReply(script: ReadToolScript, body: unknown): MockReply {
  const output = toolOutput('openai', body)
  if (output === undefined) {
    const args = JSON.stringify({ file_path: script.filePath })
    const cut = Math.floor(args.length / 2)
    return {
      sse: openaiSse([
        openaiChunk({ role: 'assistant', content: null, reasoning_content: 'The user wants the file; ' }),
        openaiChunk({ reasoning_content: 'I will read it.' }),
        openaiChunk({ content: "I'll read " }),
        openaiChunk({ content: 'the file.' }),
        openaiChunk({
          tool_calls: [{ index: 0, id: 'call_Read01', type: 'function', function: { name: 'Read', arguments: '' } }],
        }),
        openaiChunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, cut) } }] }),
        openaiChunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(cut) } }] }),
        openaiChunk({}, 'tool_calls'),
        openaiUsage(1830, 41),
      ]),
      delayMs: 2,
      firstDelayMs: script.firstDelayMs,
    }
  }
  const text = answerPrefix + output.trim()
  const third = Math.ceil(text.length / 3)
  return {
    sse: openaiSse([
      openaiChunk({ role: 'assistant', content: '' }),
      ...[0, 1, 2].map((index) => openaiChunk({ content: text.slice(index * third, (index + 1) * third) })),
      openaiChunk({}, 'stop'),
      openaiUsage(1904, 37),
    ]),
    delayMs: 2,
  }
}

const geminiMeta = { modelVersion: 'gemini-2.5-pro', responseId: 'ccRead-gemini-01' }

function geminiSse(chunks: unknown[]): string[] {
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`)
}

function geminiReply(script: ReadToolScript, body: unknown): MockReply {
  const output = toolOutput('gemini', body)
  if (output === undefined) {
    return {
      sse: geminiSse([
        {
          candidates: [
            {
              content: { role: 'model', parts: [{ text: 'The user wants the file; I will read it.', thought: true }] },
              index: 0,
            },
          ],
          usageMetadata: { promptTokenCount: 1830, totalTokenCount: 1830 },
          ...geminiMeta,
        },
        {
          candidates: [{ content: { role: 'model', parts: [{ text: "I'll read the file." }] }, index: 0 }],
          usageMetadata: { promptTokenCount: 1830, totalTokenCount: 1830 },
          ...geminiMeta,
        },
        {
          candidates: [
            {
              content: {
                role: 'model',
                parts: [
                  {
                    functionCall: { name: 'Read', args: { file_path: script.filePath } },
                    thoughtSignature: 'CiQBcsjafRead01',
                  },
                ],
              },
              finishReason: 'STOP',
              index: 0,
            },
          ],
          usageMetadata: {
            promptTokenCount: 1830,
            candidatesTokenCount: 24,
            thoughtsTokenCount: 17,
            totalTokenCount: 1871,
          },
          ...geminiMeta,
        },
      ]),
      delayMs: 2,
      firstDelayMs: script.firstDelayMs,
    }
  }
  const text = answerPrefix + output.trim()
  const half = Math.ceil(text.length / 2)
  return {
    sse: geminiSse([
      {
        candidates: [{ content: { role: 'model', parts: [{ text: text.slice(0, half) }] }, index: 0 }],
        usageMetadata: { promptTokenCount: 1904, totalTokenCount: 1904 },
        ...geminiMeta,
      },
      {
        candidates: [
          { content: { role: 'model', parts: [{ text: text.slice(half) }] }, finishReason: 'STOP', index: 0 },
        ],
        usageMetadata: { promptTokenCount: 1904, candidatesTokenCount: 30, totalTokenCount: 1934 },
        ...geminiMeta,
      },
    ]),
    delayMs: 2,
  }
}

/** Starts one local upstream answering both protocols by path (OpenAI `/v1/chat/completions`, Gemini `/v1beta/…`). */
export function startReadToolUpstream(script: ReadToolScript): Promise<MockUpstream> {
  return startMockUpstream((request: SeenRequest) => {
    if (request.path === '/v1/chat/completions') return openaiReply(script, request.body)
    if (request.path.startsWith('/v1beta/models/') && request.path.includes(':streamGenerateContent'))
      return geminiReply(script, request.body)
    if (request.path.endsWith(':countTokens')) return { json: { totalTokens: 1830 } }
    return { status: 404, json: { error: { message: `no route ${request.method} ${request.path}` } } }
  })
}

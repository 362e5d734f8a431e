/** The wire protocols the bench mock speaks. */
export type MockProtocol = 'openai' | 'anthropic' | 'gemini'

/** An answer the mock writes: a whole JSON body, or SSE frames (one per token, then a tail). */
export type MockPayload = { kind: 'json'; body: Buffer } | { kind: 'sse'; frames: Buffer[]; tail: Buffer }

/** The text of token `index`; the trailing space keeps `t1 ` from matching inside `t10 `. */
export const tokenText = (index: number) => `t${index} `

const created = 1_767_225_600
const usageOf = (tokens: number) => ({ prompt: 48, completion: tokens })

function openai(model: string, tokens: number, stream: boolean, includeUsage: boolean): MockPayload {
  const id = 'chatcmpl-bench'
  const usage = usageOf(tokens)
  const openaiUsage = {
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    total_tokens: usage.prompt + usage.completion,
  }
  if (!stream) {
    const content = Array.from({ length: tokens }, (_, index) => tokenText(index)).join('')
    const body = {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        { index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' },
      ],
      usage: openaiUsage,
      system_fingerprint: 'fp_bench',
    }
    return { kind: 'json', body: Buffer.from(JSON.stringify(body)) }
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`
  // The first frame carries the role and the first token, so the first byte is also the first token.
  const frames = Array.from({ length: tokens }, (_, index) =>
    Buffer.from(
      chunk(index === 0 ? { role: 'assistant', content: tokenText(0) } : { content: tokenText(index) }, null),
    ),
  )
  let tail = chunk({}, 'stop')
  if (includeUsage)
    tail += `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: openaiUsage })}\n\n`
  tail += 'data: [DONE]\n\n'
  return { kind: 'sse', frames, tail: Buffer.from(tail) }
}

function anthropic(model: string, tokens: number, stream: boolean): MockPayload {
  const id = 'msg_bench'
  const usage = usageOf(tokens)
  if (!stream) {
    const text = Array.from({ length: tokens }, (_, index) => tokenText(index)).join('')
    const body = {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: usage.prompt, output_tokens: usage.completion },
    }
    return { kind: 'json', body: Buffer.from(JSON.stringify(body)) }
  }
  const event = (data: { type: string; [field: string]: unknown }) =>
    `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`
  const head =
    event({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.prompt, output_tokens: 1 },
      },
    }) + event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })
  const delta = (index: number) =>
    event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: tokenText(index) } })
  // The opening events travel with the first token: the first byte is also the first token here too.
  const frames = Array.from({ length: tokens }, (_, index) => Buffer.from(index === 0 ? head + delta(0) : delta(index)))
  const tail =
    event({ type: 'content_block_stop', index: 0 }) +
    event({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage.completion },
    }) +
    event({ type: 'message_stop' })
  return { kind: 'sse', frames, tail: Buffer.from(tail) }
}

function gemini(model: string, tokens: number, stream: boolean): MockPayload {
  const usage = usageOf(tokens)
  const metadata = (completion: number) => ({
    promptTokenCount: usage.prompt,
    candidatesTokenCount: completion,
    totalTokenCount: usage.prompt + completion,
  })
  if (!stream) {
    const text = Array.from({ length: tokens }, (_, index) => tokenText(index)).join('')
    const body = {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: metadata(usage.completion),
      modelVersion: model,
      responseId: 'bench',
    }
    return { kind: 'json', body: Buffer.from(JSON.stringify(body)) }
  }
  // Gemini separates its SSE events with CRLF pairs; the last chunk carries the finish reason and usage.
  const chunk = (index: number) => {
    const last = index === tokens - 1
    const candidate = {
      content: { role: 'model', parts: [{ text: tokenText(index) }] },
      ...(last ? { finishReason: 'STOP' } : {}),
      index: 0,
    }
    return Buffer.from(
      `data: ${JSON.stringify({ candidates: [candidate], usageMetadata: metadata(last ? usage.completion : 0), modelVersion: model, responseId: 'bench' })}\r\n\r\n`,
    )
  }
  return { kind: 'sse', frames: Array.from({ length: tokens }, (_, index) => chunk(index)), tail: Buffer.alloc(0) }
}

/** Builds the answer of one protocol for `tokens` tokens (streamed as one frame per token, or whole). */
export function buildPayload(
  protocol: MockProtocol,
  model: string,
  tokens: number,
  stream: boolean,
  includeUsage: boolean,
): MockPayload {
  if (protocol === 'openai') return openai(model, tokens, stream, includeUsage)
  if (protocol === 'anthropic') return anthropic(model, tokens, stream)
  return gemini(model, tokens, stream)
}

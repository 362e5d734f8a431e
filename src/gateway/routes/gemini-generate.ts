import { Response } from '@whatwg-node/server'
import { Readable } from 'node:stream'
import { beginGeminiCall } from '../gemini-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { NodeContext } from '../node-context.ts'
import { sseToJsonArray, type TextRewriter } from '../stream/sse-to-json-array.ts'
import { answerGenerate } from './generate.ts'

/**
 * `POST /gemini/{version}/models/{model}:generateContent` and `:streamGenerateContent`: the model from
 * the path, then the same routing, failover and answer as every model call. A stream is SSE with
 * `?alt=sse` (what `@google/genai` asks for), else Gemini's JSON array, rewritten from the same events.
 */
export async function handleGeminiGenerate(
  request: Request,
  deps: GatewayDeps,
  model: string,
  stream: boolean,
  context: NodeContext | undefined,
): Promise<Response> {
  const call = await beginGeminiCall(request, deps, { model, stream })
  if (!stream || new URL(request.url).searchParams.get('alt') === 'sse') return answerGenerate(call, context)
  // Not written to the Node response directly: its text is rewritten on the way.
  const events = await answerGenerate(call, undefined)
  if (!events.body) return events
  const headers = new Headers(events.headers)
  headers.set('content-type', 'application/json; charset=utf-8')
  const body = Readable.from(rewrite(events.body, sseToJsonArray(call.state.limits.sseFrame)), { objectMode: false })
  return new Response(body as unknown as BodyInit, { status: events.status, headers })
}

/** The body's text through `rewriter`; stopping early (the client left) cancels the body, as its own reader would. */
async function* rewrite(body: ReadableStream<Uint8Array>, rewriter: TextRewriter): AsyncGenerator<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let done = false
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const text = rewriter.push(decoder.decode(next.value, { stream: true }))
      if (text) yield text
    }
    done = true
    yield rewriter.push(decoder.decode()) + rewriter.end()
  } finally {
    if (!done) await reader.cancel().catch(() => undefined)
  }
}

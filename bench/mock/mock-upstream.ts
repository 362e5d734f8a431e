import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildPayload, type MockPayload, type MockProtocol } from './payloads.ts'

/**
 * What an upstream model id asks of the mock: `…-n<tokens>-d<delay ms>` (e.g. `bench-n20-d0`).
 * Tokens default to 20 and the delay (before each token) to 0.
 */
export function parseModelSpec(model: string): { tokens: number; delayMs: number } {
  const tokens = /(?:^|-)n(\d+)/.exec(model)?.[1]
  const delay = /(?:^|-)d(\d+)/.exec(model)?.[1]
  return { tokens: Math.max(1, Number(tokens ?? 20)), delayMs: Number(delay ?? 0) }
}

const modelField = /"model"\s*:\s*"([^"]*)"/
const streamField = /"stream"\s*:\s*true/
const usageField = /"include_usage"\s*:\s*true/
const geminiPath = /^\/v1beta\/models\/([^:/?]+):(generateContent|streamGenerateContent)/

/** Which protocol, model and mode a request asks for, read from the path and (cheaply) the raw body. */
function readRequest(
  path: string,
  body: string,
): { protocol: MockProtocol; model: string; stream: boolean; includeUsage: boolean } | undefined {
  const gemini = geminiPath.exec(path)
  if (gemini)
    return {
      protocol: 'gemini',
      model: gemini[1] ?? '',
      stream: gemini[2] === 'streamGenerateContent',
      includeUsage: false,
    }
  const protocol = path.startsWith('/v1/chat/completions')
    ? 'openai'
    : path.startsWith('/v1/messages')
      ? 'anthropic'
      : undefined
  if (!protocol) return undefined
  return {
    protocol,
    model: modelField.exec(body)?.[1] ?? 'bench',
    stream: streamField.test(body),
    includeUsage: usageField.test(body),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function writeStream(response: ServerResponse, payload: Extract<MockPayload, { kind: 'sse' }>, delayMs: number) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  if (delayMs > 0) response.flushHeaders()
  for (const frame of payload.frames) {
    if (delayMs > 0) await sleep(delayMs)
    if (response.destroyed) return
    response.write(frame)
  }
  response.end(payload.tail)
}

/**
 * A fast, dependency-free mock of the three upstream protocols (OpenAI Chat Completions, Anthropic
 * Messages, Gemini generateContent), stream and non-stream. Answers are built once per kind and cached.
 */
export function createMockUpstream(): Server {
  const cache = new Map<string, MockPayload>()
  const payloadFor = (
    protocol: MockProtocol,
    model: string,
    tokens: number,
    stream: boolean,
    includeUsage: boolean,
  ) => {
    const key = `${protocol} ${model} ${stream} ${includeUsage}`
    let payload = cache.get(key)
    if (!payload) {
      payload = buildPayload(protocol, model, tokens, stream, includeUsage)
      cache.set(key, payload)
    }
    return payload
  }
  // Idle connections stay open for a minute, longer than any client pool keeps them.
  return createServer({ keepAliveTimeout: 60_000 }, (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = request.url ?? '/'
      const asked = readRequest(
        path,
        chunks.length === 1 ? (chunks[0] as Buffer).toString('latin1') : Buffer.concat(chunks).toString('latin1'),
      )
      if (!asked) {
        response.writeHead(404, { 'content-type': 'application/json' })
        response.end('{"error":{"message":"unknown path","type":"not_found"}}')
        return
      }
      const spec = parseModelSpec(asked.model)
      const payload = payloadFor(asked.protocol, asked.model, spec.tokens, asked.stream, asked.includeUsage)
      if (payload.kind === 'json') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.body.length })
        response.end(payload.body)
        return
      }
      void writeStream(response, payload, spec.delayMs)
    })
  })
}

/** Starts the mock on `port` (0: any) of 127.0.0.1; resolves with its URL. */
export async function listenMockUpstream(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = await listenMockUpstream(createMockUpstream(), Number(process.env.PORT ?? 0))
  console.log(`mock upstream listening on ${url}`)
}

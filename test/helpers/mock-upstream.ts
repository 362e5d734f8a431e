import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A request the mock upstream received. */
export interface SeenRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
  /** The body as it came, byte for byte. */
  text: string
}

/** How the mock answers one request. */
export type MockReply =
  | { status?: number; headers?: Record<string, string>; json: unknown; delayMs?: number }
  | { status?: number; headers?: Record<string, string>; text: string }
  | { status?: number; sse: string[]; delayMs?: number; firstDelayMs?: number; dropAfter?: number }
  | { hang: true }

/** A real HTTP upstream on 127.0.0.1 for tests: answers with `reply`, remembers what it saw. */
export interface MockUpstream {
  url: string
  requests: SeenRequest[]
  /** Requests whose connection closed before the answer finished (client aborts reaching upstream). */
  aborted: number
  reply: (request: SeenRequest) => MockReply | Promise<MockReply>
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts a mock upstream on a free port. */
export async function startMockUpstream(reply: MockUpstream['reply']): Promise<MockUpstream> {
  const sockets = new Set<Socket>()
  const mock: MockUpstream = {
    url: '',
    requests: [],
    aborted: 0,
    reply,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      // keep the text
    }
    const seen: SeenRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body,
      text,
    }
    mock.requests.push(seen)
    let finished = false
    response.on('close', () => {
      if (!finished) mock.aborted += 1
    })
    const answer = await mock.reply(seen)
    if ('hang' in answer) return
    if ('json' in answer) {
      if (answer.delayMs) await sleep(answer.delayMs)
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
      finished = true
      response.end(JSON.stringify(answer.json))
      return
    }
    if ('text' in answer) {
      response.writeHead(answer.status ?? 200, { 'content-type': 'text/plain', ...answer.headers })
      finished = true
      response.end(answer.text)
      return
    }
    response.writeHead(answer.status ?? 200, { 'content-type': 'text/event-stream' })
    response.flushHeaders()
    if (answer.firstDelayMs) await sleep(answer.firstDelayMs)
    for (const [index, chunk] of answer.sse.entries()) {
      if (response.destroyed) return
      if (answer.dropAfter !== undefined && index >= answer.dropAfter) {
        response.socket?.destroy()
        return
      }
      response.write(chunk)
      if (answer.delayMs) await sleep(answer.delayMs)
    }
    finished = true
    response.end()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  mock.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return mock
}

/** OpenAI stream chunks (`data: …\n\n`) from objects, ending with `[DONE]`. */
export function openaiSse(chunks: unknown[]): string[] {
  return [...chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), 'data: [DONE]\n\n']
}

/** Anthropic stream events (`event: …\ndata: …\n\n`) from objects with a `type`. */
export function anthropicSse(events: Array<{ type: string }>): string[] {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
}

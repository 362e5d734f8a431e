import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Upstreams that misbehave on purpose, by the model id asked for, in a process of their own so that
 * their writing does not slow the test's own measurements. Prints its URL, then serves until killed.
 */
const key = process.argv[2] ?? ''

const chunk = (text: string, model = 'hostile') =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`

/** What each hostile model id does; every write stops when pinai hangs up. */
const behaviours: Record<string, (response: ServerResponse) => void> = {
  // A whole answer of 80 MiB: over the 64 MiB bound.
  huge: (response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    const block = Buffer.alloc(1024 * 1024, 0x61)
    let sent = 0
    response.write('{"id":"x","choices":[{"message":{"content":"')
    const more = () => {
      while (sent < 80 && !response.destroyed) {
        sent += 1
        if (!response.write(block)) return void response.once('drain', more)
      }
      response.end('"}}]}')
    }
    more()
  },
  // Up to 1 GiB of one event that never ends.
  boundless: (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    const block = Buffer.alloc(256 * 1024, 0x61)
    let sent = 0
    response.write('data: {"choices":[{"delta":{"content":"')
    const more = () => {
      while (sent < 4096 && !response.destroyed) {
        sent += 1
        if (!response.write(block)) return void response.once('drain', more)
      }
      response.end()
    }
    more()
  },
  // White space, a byte at a time, for ever.
  trickle: (response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(' ')), 20)
  },
  garbage: (response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(Buffer.from([0xff, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x7b, 0x0a, 0xfe]))
  },
  'garbage-stream': (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.end('data: \u001b[31m{not json\n\nevent: x\ndata: <html>\n\n')
  },
  // Content every 10 ms, never a finish.
  endless: (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write(chunk('more '))), 10)
  },
  // A 401 that reads the key back, as real APIs and relays do.
  echo: (response) => {
    response.writeHead(401, { 'content-type': 'application/json' })
    response.end(
      JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${key}. Authorization: Bearer ${key}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    )
  },
  // Some content, then the connection goes.
  cut: (response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    response.write(chunk('partial '))
    setTimeout(() => response.socket?.destroy(), 50)
  },
}

const server = createServer((request, response) => {
  let body = ''
  request.on('data', (part: Buffer) => (body += part.toString()))
  request.on('end', () => {
    const model = (JSON.parse(body) as { model: string }).model
    response.on('error', () => undefined)
    behaviours[model]?.(response)
  })
})
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))

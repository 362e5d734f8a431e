import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../ir/errors.ts'
import { NodeResponseSink } from './node-response-sink.ts'
import { ReadableSink } from './readable-sink.ts'
import { SseRelay, type RelayOutcome, type RelayStage } from './sse-relay.ts'

/** A stage that forwards frames as they are; `content` frames commit, `finish` frames finish, `boom` frames are error events. */
function echoStage(): RelayStage & { seen: string[][] } {
  let committed = false
  let finished = false
  const seen: string[][] = []
  return {
    seen,
    get committed() {
      return committed
    },
    get finished() {
      return finished
    },
    frames(frames) {
      seen.push(frames)
      for (const frame of frames) {
        if (frame.includes('boom')) throw new GatewayError({ kind: 'upstream', status: 502, message: 'boom' })
        if (frame.includes('content')) committed = true
        if (frame.includes('finish')) finished = true
      }
      return frames.join('')
    },
    end: () => 'data: end\n\n',
    failure: (error) => `event: error\ndata: ${error.message}\n\n`,
  }
}

function relayOf(stage = echoStage()) {
  const body = new PassThrough()
  const sink = new ReadableSink()
  const relay = new SseRelay(body, stage, 'up', new AbortController().signal, (writer) => sink.attach(writer))
  let outcome: RelayOutcome | undefined
  relay.onDone((done) => (outcome = done))
  return { body, relay, sink, stage, outcome: () => outcome }
}

/** Lets the relay run what came in this tick (it runs and writes each tick's reads together). */
const tick = () => new Promise((resolve) => setImmediate(resolve))

async function read(sink: ReadableSink): Promise<string[]> {
  const items: string[] = []
  for await (const item of sink) items.push(String(item))
  return items
}

describe('SseRelay', () => {
  it('commits at the first content, sends what came before with it, then each upstream read as one item', async () => {
    const { body, relay, sink, stage, outcome } = relayOf()
    body.write('data: meta\n\ndata: con')
    await tick()
    body.write('tent\n\ndata: more\n\n')
    expect(await relay.ready).toBe(relay)
    await tick()
    body.end('data: last\n\n')
    expect(await read(sink)).toEqual([
      'data: meta\n\ndata: content\n\ndata: more\n\n',
      'data: last\n\n',
      'data: end\n\n',
    ])
    expect(stage.seen).toEqual([['data: meta\n\n'], ['data: content\n\n', 'data: more\n\n'], ['data: last\n\n']])
    expect(outcome()).toEqual({ failure: undefined })
  })

  it('runs the reads of one tick together: one stage call, one item (undici gives each HTTP chunk of a socket read apart)', async () => {
    const { body, relay, sink, stage } = relayOf()
    for (const event of ['data: content 1\n\n', 'data: 2\n\nda', 'ta: 3\n\n']) body.write(event)
    expect(await relay.ready).toBe(relay)
    body.end()
    expect(await read(sink)).toEqual(['data: content 1\n\ndata: 2\n\ndata: 3\n\n', 'data: end\n\n'])
    expect(stage.seen).toEqual([['data: content 1\n\n', 'data: 2\n\n', 'data: 3\n\n']])
  })

  it('runs what came in the tick before an end or a transport error, first', async () => {
    const ended = relayOf()
    ended.body.write('data: content\n\n')
    ended.body.end('data: last\n\n')
    expect(await read(ended.sink)).toEqual(['data: content\n\ndata: last\n\n', 'data: end\n\n'])

    const broken = relayOf()
    broken.body.write('data: content\n\n')
    broken.body.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    expect(await broken.relay.ready).toBe(broken.relay)
    expect((await read(broken.sink)).join('')).toMatch(/^data: content\n\nevent: error\n/)
  })

  it('rejects before the commit point (an error event, a transport error, an end without content), cutting the upstream', async () => {
    const errorEvent = relayOf()
    errorEvent.body.write('data: meta\n\ndata: boom\n\n')
    await expect(errorEvent.relay.ready).rejects.toMatchObject({ message: 'boom' })
    expect(errorEvent.body.destroyed).toBe(true)

    const broken = relayOf()
    broken.body.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    await expect(broken.relay.ready).rejects.toMatchObject({ kind: 'network', status: 502 })

    const empty = relayOf()
    empty.body.end('data: meta\n\n')
    await expect(empty.relay.ready).rejects.toMatchObject({ code: 'empty_stream' })
  })

  it('after the commit point, turns a transport failure into the error event and reports it', async () => {
    const { body, relay, sink, outcome } = relayOf()
    body.write('data: content\n\n')
    await relay.ready
    const items = read(sink)
    await tick()
    body.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    expect((await items).at(-1)).toMatch(/^event: error\ndata: up unreachable/)
    expect(outcome()?.failure).toMatchObject({ kind: 'network' })
  })

  it('cuts the upstream and reports the client leaving when its Readable is destroyed', async () => {
    const { body, relay, sink, outcome } = relayOf()
    body.write('data: content\n\n')
    await relay.ready
    sink.destroy()
    await tick()
    expect(body.destroyed).toBe(true)
    expect(outcome()?.failure).toMatchObject({ kind: 'aborted', status: 499 })
  })

  it('counts a client that leaves once its answer is finished as served (Codex hangs up after response.completed)', async () => {
    const { body, relay, sink, outcome } = relayOf()
    body.write('data: content\n\n')
    await relay.ready
    body.write('data: finish\n\n')
    await tick()
    sink.destroy()
    await tick()
    expect(body.destroyed).toBe(true)
    expect(outcome()).toEqual({ failure: undefined })
  })

  it('keeps reading before the commit point however much comes first (pings, comments)', async () => {
    const { body, relay, sink } = relayOf()
    for (let index = 0; index < 40; index++) {
      body.write(`: ping ${index}\n\n`)
      await tick()
    }
    body.write('data: content\n\n')
    expect(await relay.ready).toBe(relay)
    body.end()
    const items = await read(sink)
    expect(items[0]).toMatch(/^: ping 0\n\n: ping 1\n\n[^]*: ping 39\n\ndata: content\n\n$/)
  })

  it('pauses the upstream while the client does not read, and resumes it when it does', async () => {
    const { body, relay, sink } = relayOf()
    body.write('data: content\n\n')
    await relay.ready
    for (let index = 0; index < 40; index++) {
      body.write(`data: ${index}\n\n`)
      await tick()
    }
    expect(body.isPaused()).toBe(true)
    body.end()
    const items = await read(sink)
    expect(items.join('')).toContain('data: 39\n\n')
    expect(items.at(-1)).toBe('data: end\n\n')
  })
})

/** A real Node server whose one request is answered by a relay through a NodeResponseSink (a piped ReadableSink once declined). */
async function directRelay(decline = false) {
  const body = new PassThrough()
  let relay: SseRelay | undefined
  let direct: NodeResponseSink | undefined
  let outcome: RelayOutcome | undefined
  const server = createServer((_request, response) => {
    const node = new NodeResponseSink(response, { 'content-type': 'text/event-stream' })
    direct = node
    if (decline) node.decline()
    const readable = new ReadableSink()
    relay = new SseRelay(
      body,
      echoStage(),
      'up',
      new AbortController().signal,
      (writer) => node.claim(writer) ?? readable.attach(writer),
    )
    relay.onDone((done) => (outcome = done))
    relay.ready.then(
      () => {
        if (!node.taken) readable.pipe(response)
      },
      () => response.end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const answer = new Promise<IncomingMessage>((resolve, reject) =>
    httpRequest({ host: '127.0.0.1', port, method: 'POST' }, resolve).on('error', reject).end(),
  )
  await eventually(() => relay !== undefined)
  return {
    body,
    relay: () => relay as SseRelay,
    direct: () => direct as NodeResponseSink,
    outcome: () => outcome,
    answer,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

async function eventually(check: () => boolean) {
  for (let tries = 0; !check(); tries++) {
    if (tries > 400) throw new Error('never happened')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The texts of a response, one per chunk that arrived. */
function chunksOf(response: IncomingMessage): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
    response.on('end', () => resolve(chunks))
    response.on('error', reject)
  })
}

describe("SseRelay writing to the client's Node response (NodeResponseSink)", () => {
  it('writes the head with what came before the commit point, then each tick as it comes, and ends the response', async () => {
    const target = await directRelay()
    try {
      target.body.write('data: meta\n\n')
      await tick()
      target.body.write('data: content\n\n')
      const response = await target.answer
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-type']).toBe('text/event-stream')
      expect(target.direct().taken).toBe(true)
      const received: string[] = []
      response.on('data', (chunk: Buffer) => received.push(chunk.toString()))
      const ended = new Promise((resolve) => response.on('end', resolve))
      // What waited for the commit point arrives with it, in one piece, before anything else is sent.
      await eventually(() => received.length > 0)
      expect(received).toEqual(['data: meta\n\ndata: content\n\n'])
      target.body.end('data: last\n\n')
      await ended
      expect(received.join('')).toBe('data: meta\n\ndata: content\n\ndata: last\n\ndata: end\n\n')
      expect(target.outcome()).toEqual({ failure: undefined })
    } finally {
      await target.close()
    }
  })

  it('writes to the Readable instead when the response was declined', async () => {
    const target = await directRelay(true)
    try {
      target.body.write('data: meta\n\n')
      await tick()
      target.body.end('data: content\n\n')
      const response = await target.answer
      expect(target.direct().taken).toBe(false)
      expect((await chunksOf(response)).join('')).toBe('data: meta\n\ndata: content\n\ndata: end\n\n')
    } finally {
      await target.close()
    }
  })

  it('cuts the upstream and reports the client leaving', async () => {
    const target = await directRelay()
    try {
      target.body.write('data: content\n\n')
      const response = await target.answer
      response.destroy()
      await eventually(() => target.outcome() !== undefined)
      expect(target.outcome()?.failure).toMatchObject({ kind: 'aborted', status: 499 })
      expect(target.body.destroyed).toBe(true)
    } finally {
      await target.close()
    }
  })

  it('pauses the upstream while the client does not read, and resumes it when it does', async () => {
    const target = await directRelay()
    try {
      target.body.write('data: content\n\n')
      const response = await target.answer
      response.pause()
      const frame = `data: ${'x'.repeat(64 * 1024)}\n\n`
      for (let index = 0; index < 200 && !target.body.isPaused(); index++) {
        target.body.write(frame)
        await tick()
      }
      expect(target.body.isPaused()).toBe(true)
      target.body.end('data: last\n\n')
      const text = (await chunksOf(response.resume())).join('')
      expect(text.endsWith('data: last\n\ndata: end\n\n')).toBe(true)
      expect(target.outcome()).toEqual({ failure: undefined })
    } finally {
      await target.close()
    }
  })
})

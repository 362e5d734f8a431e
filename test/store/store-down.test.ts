import { randomUUID } from 'node:crypto'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/store/drivers/memory.ts'
import { openStore } from '../../src/store/open-store.ts'
import { createRecorder, type Recorder } from '../../src/store/recorder.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'
import type { Store } from '../../src/store/store.ts'
import { POSTGRES_URL, postgresAvailable, scratchPostgres, skipReason } from './databases.ts'

// A stand-in gateway: a real HTTP server on 127.0.0.1 that records every request the way the gateway does
// (begin, record, end) and answers at once. The store behind it goes down; requests must keep flowing.

function startGateway(recorder: Recorder): Promise<{ server: Server; url: string }> {
  const server = createHttpServer((request, response) => {
    const end = recorder.begin()
    const started = Date.now()
    const record: RequestRecord = {
      id: randomUUID(),
      time: started,
      client: 'default',
      inbound: 'openai',
      requestedModel: 'gpt-4o',
      mappedModel: 'gpt-4o',
      provider: 'relay-a',
      upstreamModel: 'gpt-4o',
      stream: false,
      status: 200,
      success: true,
      durationMs: 1,
      attempts: [],
    }
    response.end(JSON.stringify({ ok: true, path: request.url }))
    recorder.record(record)
    end()
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    )
  })
}

async function serveBurst(url: string, count: number): Promise<number> {
  let slowest = 0
  for (let index = 0; index < count; index++) {
    const started = performance.now()
    const response = await fetch(`${url}/v1/chat/completions`)
    expect(response.status).toBe(200)
    await response.json()
    slowest = Math.max(slowest, performance.now() - started)
  }
  return slowest
}

/** A TCP proxy to the database that can be cut (connections reset, port closed) and restored, or slowed down. */
async function startCuttableProxy(target: { host: string; port: number }): Promise<{
  port: number
  cut(): Promise<void>
  restore(): Promise<void>
  /** Holds everything the client sends for `ms` before passing it on (0: at once). */
  delay(ms: number): void
  close(): Promise<void>
}> {
  const sockets = new Set<Socket>()
  let server: TcpServer | undefined
  let port = 0
  let delayMs = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createTcpServer((client) => {
        const upstream = connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => {})
        }
        // Chunks leave in the order they came, each no sooner than `delayMs` after it arrived.
        let lastDue = 0
        client.on('data', (chunk: Buffer) => {
          if (delayMs === 0 && lastDue <= Date.now()) return void upstream.write(chunk)
          lastDue = Math.max(Date.now() + delayMs, lastDue)
          setTimeout(() => upstream.write(chunk), lastDue - Date.now())
        })
        upstream.pipe(client)
      })
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as AddressInfo).port
        resolve()
      })
    })
  const cut = async () => {
    const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    for (const socket of sockets) socket.destroy()
    await closing
  }
  await listen()
  return { port, cut, restore: listen, delay: (ms) => void (delayMs = ms), close: cut }
}

const skip = skipReason(await postgresAvailable(), 'the PostgreSQL outage test')

describe('store down, requests still served', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function exercise(
    store: Store,
    setDown: (down: boolean) => Promise<void>,
    rowsOf: () => Promise<number>,
  ): Promise<void> {
    const warnings: string[] = []
    const recorder = createRecorder(store, {
      batchSize: 20,
      bufferLimit: 50,
      flushIntervalMs: 50,
      pruneIntervalMs: 0,
      writeTimeoutMs: 2_000,
      logger: { warn: (message) => warnings.push(message) },
    })
    cleanups.push(() => recorder.close())
    const { server, url } = await startGateway(recorder)
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))

    await serveBurst(url, 10)
    await recorder.flush()
    expect(await rowsOf()).toBe(10)

    await setDown(true)
    const slowest = await serveBurst(url, 200)
    await recorder.flush()
    expect(slowest).toBeLessThan(1_000)
    expect(recorder.status()).toMatchObject({ storeDown: true, pending: 50, dropped: 150 })
    expect(warnings.join('\n')).toMatch(/requests are still served/)
    // Drop warnings are rate-limited (one now, then at most every 10 s); the recovery message gives the total.
    expect(warnings.join('\n')).toMatch(
      /\d+ request records dropped: the buffer of 50 was full while the store was unavailable \(/,
    )
    expect(warnings.join('\n')).not.toMatch(/slow/)
    expect(recorder.live()).toMatchObject({ rpm: 210, inFlight: 0 })

    await setDown(false)
    await recorder.flush()
    expect(recorder.status()).toMatchObject({ storeDown: false, pending: 0 })
    expect(await rowsOf()).toBe(60)
    expect(warnings.at(-1)).toMatch(/writes resumed; 150 request records were dropped/)
  }

  it('with a store whose writes fail', async () => {
    const inner = createMemoryStore()
    let down = false
    const store: Store = {
      ...inner,
      insert: async (records) => {
        if (down) throw new Error('connect ECONNREFUSED')
        return inner.insert(records)
      },
    }
    await exercise(
      store,
      async (value) => void (down = value),
      async () => (await inner.listLogs({ limit: 1000 })).length,
    )
  })

  it.skipIf(Boolean(skip))('with PostgreSQL cut off mid-run and back again', async () => {
    const target = new URL(POSTGRES_URL)
    const proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 5432) })
    cleanups.push(() => proxy.close())
    const scratch = scratchPostgres()
    cleanups.push(() => scratch.drop())
    const viaProxy = new URL(scratch.url)
    viaProxy.port = String(proxy.port)
    const store = await openStore(viaProxy.toString())
    const direct = await openStore(scratch.url)
    cleanups.push(() => direct.close())
    await exercise(
      store,
      (down) => (down ? proxy.cut() : proxy.restore()),
      async () => (await direct.listLogs({ limit: 1000 })).length,
    )
  })

  it.skipIf(Boolean(skip))('with PostgreSQL slowed down: the log says slow, not down', async () => {
    const target = new URL(POSTGRES_URL)
    const proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 5432) })
    cleanups.push(() => proxy.close())
    const scratch = scratchPostgres()
    cleanups.push(() => scratch.drop())
    const viaProxy = new URL(scratch.url)
    viaProxy.port = String(proxy.port)
    const store = await openStore(viaProxy.toString())
    const direct = await openStore(scratch.url)
    cleanups.push(() => direct.close())
    const warnings: string[] = []
    const recorder = createRecorder(store, {
      batchSize: 20,
      bufferLimit: 100,
      flushIntervalMs: 50,
      pruneIntervalMs: 0,
      writeTimeoutMs: 5_000,
      logger: { warn: (message) => warnings.push(message) },
    })
    cleanups.push(() => recorder.close())
    const { server, url } = await startGateway(recorder)
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())))

    await serveBurst(url, 10)
    await recorder.flush()
    // Each write now waits 500 ms on the wire, so 20 records take that long while 300 requests arrive
    // far faster: the buffer overflows although every write succeeds.
    proxy.delay(500)
    const slowest = await serveBurst(url, 300)
    expect(slowest).toBeLessThan(1_000)
    await recorder.flush()
    proxy.delay(0)

    const status = recorder.status()
    expect(status).toMatchObject({ storeDown: false, pending: 0, droppedBy: { 'store-down': 0, closed: 0 } })
    expect(status.droppedBy['store-slow']).toBeGreaterThan(0)
    expect(await direct.listLogs({ limit: 1000 })).toHaveLength(310 - status.dropped)
    const log = warnings.join('\n')
    const writeTime = /\((the last write of \d+ took|a write of \d+ has waited) [\d.]+ m?s/
    expect(log).toMatch(
      new RegExp(`the store is up but slower than the traffic: \\d+ request records are waiting ${writeTime.source}`),
    )
    expect(log).toMatch(
      /\d+ request records dropped: the buffer of 100 was full: the store is up but slower than the traffic/,
    )
    // A catch-up write can empty the buffer mid-burst, so there may be several slow spells; each says what it lost.
    const lost = [...log.matchAll(/writes caught up; (\d+) request records were dropped while the store was slow/g)]
    expect(lost.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(status.dropped)
    expect(log).not.toMatch(/unavailable|failed/)
  })
})

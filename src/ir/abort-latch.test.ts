import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool } from 'undici'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AbortLatch } from './abort-latch.ts'

describe('AbortLatch', () => {
  it('aborts once: listeners run once, in order, and the first reason stays', () => {
    const latch = new AbortLatch()
    const calls: string[] = []
    latch.addEventListener('abort', () => calls.push('a'))
    latch.addEventListener('abort', () => calls.push('b'))
    latch.abort('first')
    latch.abort('second')
    expect(calls).toEqual(['a', 'b'])
    expect(latch.aborted).toBe(true)
    expect(latch.reason).toBe('first')
  })

  it('calls a listener added twice once, as an EventTarget does', () => {
    const latch = new AbortLatch()
    const listener = vi.fn()
    latch.addEventListener('abort', listener)
    latch.addEventListener('abort', listener)
    latch.abort()
    expect(listener).toHaveBeenCalledOnce()
  })

  it('gives an AbortError when no reason is given, as AbortController does', () => {
    const latch = new AbortLatch()
    latch.abort()
    expect(latch.reason).toBeInstanceOf(DOMException)
    expect((latch.reason as DOMException).name).toBe('AbortError')
  })

  it('does not call a removed listener, nor one added after the abort', () => {
    const latch = new AbortLatch()
    const removed = vi.fn()
    const late = vi.fn()
    latch.addEventListener('abort', removed)
    latch.removeEventListener('abort', removed)
    latch.abort()
    latch.addEventListener('abort', late)
    expect(removed).not.toHaveBeenCalled()
    expect(late).not.toHaveBeenCalled()
  })

  it('runs the other listeners when one throws, and rethrows that error on a later microtask', () => {
    const deferred: (() => void)[] = []
    const queue = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => void deferred.push(callback))
    try {
      const latch = new AbortLatch()
      const after = vi.fn()
      latch.addEventListener('abort', () => {
        throw new Error('listener failed')
      })
      latch.addEventListener('abort', after)
      expect(() => latch.abort()).not.toThrow()
      expect(after).toHaveBeenCalledOnce()
      expect(deferred).toHaveLength(1)
      expect(() => deferred[0]?.()).toThrow('listener failed')
    } finally {
      queue.mockRestore()
    }
  })
})

describe('AbortLatch as the signal of an undici request', () => {
  let server: Server
  let pool: Pool

  beforeAll(async () => {
    // Answers headers at once and never ends the body, so only an abort can finish the request.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' })
      response.write(': open\n\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })

  afterAll(async () => {
    await pool.close().catch(() => undefined)
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('cuts the body with the latch reason', async () => {
    const latch = new AbortLatch()
    const response = await pool.request({ path: '/', method: 'GET', signal: latch })
    expect(response.statusCode).toBe(200)
    const reading = response.body.text()
    latch.abort(new Error('cut by the test'))
    await expect(reading).rejects.toThrow('cut by the test')
  })

  it('refuses to start a request whose latch already aborted', async () => {
    const latch = new AbortLatch()
    latch.abort(new Error('gone before the start'))
    await expect(pool.request({ path: '/', method: 'GET', signal: latch })).rejects.toThrow('gone before the start')
  })
})

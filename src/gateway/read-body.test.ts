import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../ir/errors.ts'
import { readBody as readWith, type ReadBodyOptions } from './read-body.ts'

const readBody = (body: Readable, options: Partial<ReadBodyOptions> = {}) =>
  readWith(body, { limit: 1024, provider: 'relay', ...options })

describe('readBody', () => {
  it('joins the chunks of a body in order', async () => {
    const body = Readable.from([Buffer.from('{"a":'), Buffer.from('1,'), Buffer.from('"b":2}')], { objectMode: false })
    expect((await readBody(body)).toString()).toBe('{"a":1,"b":2}')
  })

  it('hands back a single chunk as it came', async () => {
    const chunk = Buffer.from('{"ok":true}')
    const body = new PassThrough()
    body.end(chunk)
    expect(await readBody(body)).toBe(chunk)
  })

  it('refuses a body over the limit and destroys it', async () => {
    const body = new PassThrough()
    const reading = readBody(body, { limit: 8 })
    body.write(Buffer.from('12345'))
    body.write(Buffer.from('67890'))
    await expect(reading).rejects.toBeInstanceOf(GatewayError)
    await expect(reading).rejects.toMatchObject({
      status: 502,
      code: 'upstream_too_large',
      provider: 'relay',
      message: expect.stringMatching(/^relay: .*larger than 8 bytes/),
    })
    expect(body.destroyed).toBe(true)
  })

  it("rejects with the stream's own error", async () => {
    const body = new PassThrough()
    const reading = readBody(body)
    body.write('partial')
    const failure = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
    body.destroy(failure)
    await expect(reading).rejects.toBe(failure)
  })

  it('rejects a body destroyed without an error as a premature close, also when that happened before', async () => {
    const body = new PassThrough()
    const reading = readBody(body)
    body.destroy()
    await expect(reading).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
    await expect(readBody(body)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
  })

  it('leaves only an error listener behind, so a late error from a destroyed body cannot end the process', async () => {
    const body = new PassThrough()
    const reading = readBody(body, { limit: 4 })
    body.write('too long')
    await expect(reading).rejects.toMatchObject({ code: 'upstream_too_large' })
    expect(['data', 'end', 'error'].map((event) => body.listenerCount(event))).toEqual([0, 0, 1])
    expect(() => body.emit('error', new Error('aborted after the fact'))).not.toThrow()
  })

  it('stops a body that trickles white space without progress, and lets one that progresses finish', async () => {
    const trickle = new PassThrough()
    const reading = readBody(trickle, { idleMs: 120 })
    const timer = setInterval(() => trickle.write(' '), 20)
    await expect(reading).rejects.toMatchObject({ kind: 'timeout', code: 'upstream_idle' })
    clearInterval(timer)
    const slow = new PassThrough()
    // Steps of 100 ms against an idle bound of 400 (a loaded machine may run a timer late), for 800 ms in all:
    // twice the bound, so only progress resetting the clock lets it finish.
    const finishing = readBody(slow, { idleMs: 400 })
    const parts = ['{', '"a"', ':', '1', ',', '"b"', ':2', '}']
    for (const part of parts) {
      slow.write(part)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    slow.end()
    expect((await finishing).toString()).toBe('{"a":1,"b":2}')
  })
})

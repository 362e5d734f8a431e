import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../ir/errors.ts'
import { readBody } from './read-body.ts'

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
    const reading = readBody(body, 8)
    body.write(Buffer.from('12345'))
    body.write(Buffer.from('67890'))
    await expect(reading).rejects.toBeInstanceOf(GatewayError)
    await expect(reading).rejects.toMatchObject({ status: 502, message: 'upstream response too large' })
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

  it('leaves no listeners behind', async () => {
    const body = new PassThrough()
    const reading = readBody(body)
    body.end('{}')
    await reading
    expect(['data', 'end', 'error'].map((event) => body.listenerCount(event))).toEqual([0, 0, 0])
  })
})

import type { Readable } from 'node:stream'
import { GatewayError } from '../ir/errors.ts'

/**
 * Reads a whole body, refusing more than `limit` bytes. Listens for the stream's events instead of
 * iterating it: `for await` over a Readable builds an async iterator, an end-of-stream watcher and a
 * promise per chunk (measured: ~1.5% of a non-stream request's main-thread time).
 */
export function readBody(body: Readable, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (body.destroyed) return reject(body.errored ?? prematureClose())
    const chunks: Buffer[] = []
    let size = 0
    const settle = (error: unknown, bytes?: Buffer) => {
      body.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
      if (bytes) resolve(bytes)
      else reject(error)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      settle(new GatewayError({ kind: 'upstream', status: 502, message: 'upstream response too large' }))
      body.destroy()
    }
    const onEnd = () => settle(undefined, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size))
    const onError = (error: Error) => settle(error)
    // Destroyed without an error (the attempt's scope let go of it): as `for await` would, a premature close.
    const onClose = () => settle(body.errored ?? prematureClose())
    body.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

const prematureClose = () => Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })

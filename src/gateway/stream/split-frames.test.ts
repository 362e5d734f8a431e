import { PassThrough, Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReadableSink } from './readable-sink.ts'
import { SseRelay, type RelayStage } from './sse-relay.ts'
import type { OpenSink } from './stream-sink.ts'

const sink: OpenSink = (writer) => new ReadableSink().attach(writer)

/** The frames of each upstream read, as the gateway's relay hands them to its stage (splitFrames per read). */
async function batchesOf(chunks: Array<string | Buffer>): Promise<string[][]> {
  const batches: string[][] = []
  const stage: RelayStage = {
    committed: true,
    finished: false,
    frames: (frames) => {
      batches.push(frames)
      return ''
    },
    end: () => '',
    failure: () => '',
  }
  // Each chunk in its own tick, as socket reads come (the relay runs one tick's reads together).
  const body = Readable.from(
    (async function* () {
      for (const chunk of chunks) {
        await new Promise((resolve) => setImmediate(resolve))
        yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      }
    })(),
  )
  const relay = new SseRelay(body, stage, 'test', new AbortController().signal, sink)
  await new Promise((resolve) => relay.onDone(resolve))
  return batches
}

describe('splitFrames, read by read', () => {
  it('gives the events each chunk completed, together, byte for byte', async () => {
    const batches = await batchesOf([
      'data: 1\n\ndata: 2\n\nda',
      'ta: 3\n\n',
      ': keep-alive\n\nevent: x\r\ndata: 4\r\n\r\n',
    ])
    expect(batches).toEqual([
      ['data: 1\n\n', 'data: 2\n\n'],
      ['data: 3\n\n'],
      [': keep-alive\n\n', 'event: x\r\ndata: 4\r\n\r\n'],
    ])
  })

  it('waits for the rest of an event cut anywhere, a CRLF pair or a UTF-8 character included', async () => {
    const euro = Buffer.from('data: €\r\n\r\n')
    const batches = await batchesOf([
      'data: a\r\n',
      '\r\n',
      euro.subarray(0, 7),
      euro.subarray(7, 10),
      euro.subarray(10),
    ])
    expect(batches).toEqual([['data: a\r\n\r\n'], ['data: €\r\n\r\n']])
  })

  it('still delivers a last event cut off without its blank line, and nothing for trailing whitespace', async () => {
    expect(await batchesOf(['data: 1\n\ndata: {"trunc'])).toEqual([['data: 1\n\n'], ['data: {"trunc']])
    expect(await batchesOf(['data: 1\n\n', '\n'])).toEqual([['data: 1\n\n']])
  })
})

describe('splitFrames, whatever the chunking', () => {
  it('cuts frames at blank lines without changing a byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('data: {"é":1}', 'data:[DONE]', ': keep-alive', 'event: ping\ndata: {}', 'data: 😀'), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(200), { maxLength: 10 }),
        async (frames, newline, offsets) => {
          const texts = frames.map((frame) => frame.replaceAll('\n', newline) + newline + newline)
          const bytes = Buffer.from(texts.join(''))
          const cuts = [...new Set(offsets.map((offset) => Math.min(offset, bytes.length)))].sort((a, b) => a - b)
          const pieces = [...cuts, bytes.length]
            .map((cut, index, all) => bytes.subarray(index === 0 ? 0 : (all[index - 1] ?? 0), cut))
            .filter((piece) => piece.length > 0)
          expect((await batchesOf(pieces)).flat()).toStrictEqual(texts)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('the relay under a hostile upstream', () => {
  it('fails a stream whose one event outgrows the limit, in time linear in what was sent', async () => {
    const stage: RelayStage = { committed: false, finished: false, frames: () => '', end: () => '', failure: () => '' }
    // 64 MiB in 64 KiB reads, never a blank line: one pass over the bytes, not a rescan per read.
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    const body = new Readable({
      read() {
        sent += chunk.length
        // Each read in its own tick, as socket reads come.
        setImmediate(() => this.push(sent > 64 * 1024 * 1024 ? null : chunk))
      },
    })
    const started = performance.now()
    const relay = new SseRelay(body, stage, 'relay', new AbortController().signal, sink, {
      frameLimit: 8 * 1024 * 1024,
      idleMs: 0,
    })
    await expect(relay.ready).rejects.toMatchObject({ status: 502, code: 'sse_frame_too_large', provider: 'relay' })
    // Stopped at the limit, not at the end of what the upstream had to send.
    expect(sent).toBeLessThan(16 * 1024 * 1024)
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('fails a stream that sends bytes but no whole event for its idle time', async () => {
    const stage: RelayStage = { committed: false, finished: false, frames: () => '', end: () => '', failure: () => '' }
    const body = new PassThrough()
    const timer = setInterval(() => body.write('x'), 10)
    const relay = new SseRelay(body, stage, 'relay', new AbortController().signal, sink, {
      frameLimit: 1024 * 1024,
      idleMs: 150,
    })
    await expect(relay.ready).rejects.toMatchObject({ kind: 'timeout', code: 'upstream_idle' })
    clearInterval(timer)
  })
})

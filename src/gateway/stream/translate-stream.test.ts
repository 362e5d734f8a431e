import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Codec } from '../../protocols/codec.ts'
import { createAnthropicCodec, createOpenAICodec, type CodecLogger } from '../../protocols/index.ts'
import { CodecWarnings } from '../codec-warnings.ts'
import { ReadableSink } from './readable-sink.ts'
import { translateStream } from './translate-stream.ts'

const quiet: CodecLogger = { warn: () => undefined }
const options = (logger: CodecLogger = quiet) => {
  let next = 0
  return {
    generateId: (prefix: string) => `${prefix}${(next += 1)}`,
    now: () => 1_767_225_600_000,
    logger,
  }
}
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
const usage = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } })}\n\n`
const answer = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Hel' }),
  chunk({ content: 'lo' }),
  chunk({}, 'stop'),
  usage,
  'data: [DONE]\n\n',
]

/** An upstream body that delivers `reads` one by one, each in its own tick (each may hold several events), then ends or fails. */
function body(reads: string[], failure?: Error): Readable {
  return Readable.from(
    (async function* () {
      for (const read of reads) {
        await new Promise((resolve) => setImmediate(resolve))
        yield Buffer.from(read)
      }
      if (failure) throw failure
    })(),
  )
}

/** What the gateway's logger and the request's notes heard while a stream ran. */
interface Heard {
  lines: string[]
  notes: string[]
}

async function run(
  reads: string[],
  failure?: Error,
  client: Codec = createAnthropicCodec(options()),
  heard: Heard = { lines: [], notes: [] },
) {
  const parts: StreamPart[] = []
  const sink = new ReadableSink()
  const codecWarnings = new CodecWarnings({ warn: (line) => void heard.lines.push(line) })
  await translateStream({
    body: body(reads, failure),
    upstream: createOpenAICodec(options(codecWarnings)),
    client,
    encodeOptions: { model: 'client-model', includeUsage: false },
    provider: 'up',
    signal: new AbortController().signal,
    bounds: { frameLimit: 1024 * 1024, idleMs: 0 },
    redact: (text) => text,
    onPart: (part) => parts.push(part),
    codecWarnings,
    note: (message) => void heard.notes.push(message),
    openSink: (writer) => sink.attach(writer),
  })
  const writes: string[] = []
  for await (const bytes of sink) writes.push(String(bytes))
  return { writes, text: writes.join(''), parts }
}

describe('translateStream', () => {
  it('translates, and what one upstream read brought leaves in one write', async () => {
    const { writes, text, parts } = await run([answer.slice(0, 3).join(''), answer.slice(3).join('')])
    expect(writes).toHaveLength(2)
    expect(writes[0]).toMatch(/^event: message_start\n/)
    expect(text).toContain('"text":"Hel"')
    expect(text).toContain('"text":"lo"')
    expect(text).toMatch(/event: message_stop\n/)
    expect(parts.find((part) => part.type === 'finish')).toMatchObject({ usage: { inputTokens: 9, outputTokens: 2 } })
  })

  it('sends each event as it comes when the upstream paces them', async () => {
    const { writes, text } = await run(answer)
    expect(writes.length).toBeGreaterThanOrEqual(3)
    expect(writes.findIndex((write) => write.includes('"text":"Hel"'))).toBeLessThan(
      writes.findIndex((write) => write.includes('"text":"lo"')),
    )
    expect(text).toMatch(/event: message_stop\n/)
  })

  it('throws before the commit point, so the attempt can fail over', async () => {
    await expect(
      run([chunk({ role: 'assistant', content: '' }), 'data: {"error":{"message":"overloaded","code":529}}\n\n']),
    ).rejects.toThrow(/overloaded/)
    await expect(run([chunk({ role: 'assistant', content: '' })])).rejects.toThrow(/ended/)
    // A transport error reaches the attempt as it is: the attempt's scope classifies it.
    await expect(
      run(
        [chunk({ role: 'assistant', content: '' })],
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      ),
    ).rejects.toThrow('socket hang up')
  })

  it("turns a transport failure after the commit point into the client's error event", async () => {
    const { text, parts } = await run(
      answer.slice(0, 2),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    )
    expect(text).toContain('"text":"Hel"')
    expect(text).toMatch(/event: error\ndata: \{"type":"error"/)
    expect(parts.at(-1)).toMatchObject({ type: 'error' })
  })

  it("hands what the upstream's decoder drops, flushed at the stream's end, to the request's notes as well as the log", async () => {
    const heard: Heard = { lines: [], notes: [] }
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: 'not json' } }
    const { text } = await run(
      [chunk({ role: 'assistant', content: 'Looking' }), chunk({ tool_calls: [call] }), chunk({}, 'tool_calls')],
      undefined,
      createAnthropicCodec(options()),
      heard,
    )
    expect(text).toMatch(/event: message_stop\n/)
    expect(heard.lines).toEqual(['openai stream: tool-call arguments that are not a JSON object (sent as {})'])
    expect(heard.notes).toEqual(heard.lines)
  })

  it('notes nothing when nothing is dropped', async () => {
    const heard: Heard = { lines: [], notes: [] }
    await run(answer, undefined, createAnthropicCodec(options()), heard)
    expect(heard).toEqual({ lines: [], notes: [] })
  })
})

// Run as its own process under `node --expose-gc --import tsx`: prints whether a committed translated
// stream still holds its TranslateInput (see translateStage in src/gateway/stream/translate-stream.ts).
import { PassThrough } from 'node:stream'
import { ReadableSink } from '../../src/gateway/stream/readable-sink.ts'
import type { SseRelay } from '../../src/gateway/stream/sse-relay.ts'
import { translateStream } from '../../src/gateway/stream/translate-stream.ts'
import type { TranslateInput } from '../../src/gateway/stream/translate-input.ts'
import { CodecWarnings } from '../../src/gateway/codec-warnings.ts'
import { createAnthropicCodec, createOpenAICodec } from '../../src/protocols/index.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

const options = {
  generateId: (prefix: string) => `${prefix}1`,
  now: () => 1_767_225_600_000,
  logger: { warn: () => undefined },
}
const chunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'up', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`

/** Starts a stream and lets it commit; only the relay, the sink and the upstream body stay reachable from here. */
async function committedStream(): Promise<{
  relay: SseRelay
  sink: ReadableSink
  body: PassThrough
  input: WeakRef<TranslateInput>
}> {
  const body = new PassThrough()
  const sink = new ReadableSink()
  sink.resume()
  const input: TranslateInput = {
    body,
    upstream: createOpenAICodec(options),
    client: createAnthropicCodec(options),
    encodeOptions: { model: 'client-model', includeUsage: false },
    provider: 'up',
    signal: new AbortController().signal,
    bounds: { frameLimit: 1024 * 1024, idleMs: 0 },
    redact: (text) => text,
    onPart: () => undefined,
    codecWarnings: new CodecWarnings(options.logger),
    note: () => undefined,
    openSink: (writer) => sink.attach(writer),
  }
  const ready = translateStream(input)
  body.write(chunk({ role: 'assistant', content: 'Hel' }))
  return { relay: await ready, sink, body, input: new WeakRef(input) }
}

const stream = await committedStream()
for (let round = 0; round < 5 && stream.input.deref() !== undefined; round++) {
  // A WeakRef's target stays alive until the end of the job that read it: collect in a later task.
  await new Promise((resolve) => setImmediate(resolve))
  gc()
}
const retained = stream.input.deref() !== undefined
// The stream is still open: its stage is alive, so what it holds is what a long stream holds.
stream.body.write(chunk({ content: 'lo' }))
stream.body.end('data: [DONE]\n\n')
await new Promise((resolve) => stream.relay.onDone(resolve))
process.stdout.write(JSON.stringify({ retained }))

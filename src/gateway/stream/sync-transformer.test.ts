import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Codec, ProtocolName } from '../../protocols/codec.ts'
import { createAnthropicCodec, createGeminiCodec, createOpenAICodec, createOpenAIResponsesCodec } from '../../protocols/index.ts'
import { parseSseFrame } from '../../protocols/sse-frames.ts'
import type { SseEvent } from '../../protocols/sse.ts'
import { syncTransformer } from './sync-transformer.ts'

// Fresh codecs with a counting id generator, so two runs of the same stream give the same bytes.
function codecsWithCounter(): Record<ProtocolName, Codec> {
  let next = 0
  const options = { generateId: (prefix: string) => `${prefix}${(next += 1)}`, now: () => 1_767_225_600_000, logger: { warn: () => undefined } }
  return { openai: createOpenAICodec(options), anthropic: createAnthropicCodec(options), gemini: createGeminiCodec(options), 'openai-responses': createOpenAIResponsesCodec(options) }
}

const fixtures = join(import.meta.dirname, '..', '..', '..', 'fixtures')
function upstreamTranscripts(protocol: ProtocolName): Array<{ name: string; events: SseEvent[] }> {
  return readdirSync(join(fixtures, protocol))
    .filter((name) => name.endsWith('upstream-stream.sse'))
    .map((name) => {
      const text = readFileSync(join(fixtures, protocol, name), 'utf8')
      const events = text
        .split(/(?<=\r\n\r\n|\n\n)/)
        .map((frame) => parseSseFrame(frame))
        .filter((event): event is SseEvent => event !== undefined)
      return { name: `${protocol}/${name}`, events }
    })
}

async function throughWebStreams(codec: Record<ProtocolName, Codec>, upstream: ProtocolName, client: ProtocolName, events: SseEvent[]): Promise<string> {
  const source = new ReadableStream<SseEvent>({
    start(controller) {
      for (const event of events) controller.enqueue(event)
      controller.close()
    },
  })
  const reader = source.pipeThrough(codec[upstream].decodeStream()).pipeThrough(codec[client].encodeStream({ model: 'client-model', includeUsage: true })).getReader()
  let text = ''
  for (let next = await reader.read(); !next.done; next = await reader.read()) text += next.value
  return text
}

function throughSyncTransformers(codec: Record<ProtocolName, Codec>, upstream: ProtocolName, client: ProtocolName, events: SseEvent[]): string {
  const decoder = syncTransformer(codec[upstream].decodeTransformer())
  const encoder = syncTransformer(codec[client].encodeTransformer({ model: 'client-model', includeUsage: true }))
  const parts: StreamPart[] = []
  for (const event of events) decoder.push(event, parts)
  decoder.end(parts)
  const out: string[] = []
  for (const part of parts) encoder.push(part, out)
  encoder.end(out)
  return out.join('')
}

describe('syncTransformer', () => {
  const protocols: ProtocolName[] = ['openai', 'anthropic', 'gemini']
  for (const upstream of protocols) {
    for (const { name, events } of upstreamTranscripts(upstream)) {
      for (const client of ['openai', 'anthropic'] as const) {
        it(`runs ${name} → ${client} exactly as the web streams do`, async () => {
          const web = await throughWebStreams(codecsWithCounter(), upstream, client, events)
          const captured = throughSyncTransformers(codecsWithCounter(), upstream, client, events)
          expect(web.length).toBeGreaterThan(0)
          expect(captured).toBe(web)
        })
      }
    }
  }

  it('refuses a transformer it cannot run synchronously', () => {
    const pass = (): Transformer<string, string> => ({ transform: (chunk, controller) => controller.enqueue(chunk) })
    expect(() => syncTransformer<string, string>({ ...pass(), start: () => undefined })).toThrow(/synchronous/)
    expect(() => syncTransformer<string, string>({ transform: async (chunk, controller) => controller.enqueue(chunk) })).toThrow(/synchronous/)
    expect(() => syncTransformer<string, string>({})).toThrow(/synchronous/)
  })

  it('passes on what the transformer throws or errors with, and stops after terminate', () => {
    const failing = syncTransformer<string, string>({
      transform(chunk, controller) {
        if (chunk === 'boom') throw new Error('boom')
        if (chunk === 'error') controller.error(new Error('errored'))
        if (chunk === 'stop') controller.terminate()
        controller.enqueue(chunk.toUpperCase())
      },
      flush: (controller) => controller.enqueue('end'),
    })
    const out: string[] = []
    failing.push('a', out)
    expect(() => failing.push('boom', out)).toThrow('boom')
    failing.push('stop', out)
    failing.push('b', out)
    failing.end(out)
    expect(out).toEqual(['A', 'STOP'])
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Codec, ProtocolName, Stepper } from '../codec.ts'
import { createAnthropicCodec } from '../anthropic/index.ts'
import { createGeminiCodec } from '../gemini/index.ts'
import { createOpenAICodec } from '../openai/index.ts'
import { createOpenAIResponsesCodec } from '../openai-responses/index.ts'
import { parseSseFrame } from '../sse-frames.ts'
import type { SseEvent } from '../sse.ts'
import { stepperStream } from './stepper-stream.ts'

// Fresh codecs with a counting id generator, so two runs of the same stream give the same bytes.
function codecsWithCounter(): Record<ProtocolName, Codec> {
  let next = 0
  const options = {
    generateId: (prefix: string) => `${prefix}${(next += 1)}`,
    now: () => 1_767_225_600_000,
    logger: { warn: () => undefined },
  }
  // The Responses encoder names every item it writes: with its own counter its ids do not depend on how
  // far the decoder (which may name calls too) ran ahead of it.
  let item = 0
  const responses = createOpenAIResponsesCodec({ ...options, generateId: (prefix) => `${prefix}${(item += 1)}` })
  return {
    openai: createOpenAICodec(options),
    anthropic: createAnthropicCodec(options),
    gemini: createGeminiCodec(options),
    'openai-responses': responses,
  }
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

async function throughWebStreams(
  codec: Record<ProtocolName, Codec>,
  upstream: ProtocolName,
  client: ProtocolName,
  events: SseEvent[],
): Promise<string> {
  const source = new ReadableStream<SseEvent>({
    start(controller) {
      for (const event of events) controller.enqueue(event)
      controller.close()
    },
  })
  const decoder = stepperStream(codec[upstream].decodeStream())
  const encoder = stepperStream(codec[client].encodeStream({ model: 'client-model', includeUsage: true }))
  const reader = source.pipeThrough(decoder).pipeThrough(encoder).getReader()
  let text = ''
  for (let next = await reader.read(); !next.done; next = await reader.read()) text += next.value
  return text
}

function throughSteppers(
  codec: Record<ProtocolName, Codec>,
  upstream: ProtocolName,
  client: ProtocolName,
  events: SseEvent[],
): string {
  const decoder = codec[upstream].decodeStream()
  const encoder = codec[client].encodeStream({ model: 'client-model', includeUsage: true })
  const parts: StreamPart[] = []
  for (const event of events) decoder.push(event, parts)
  decoder.end(parts)
  const out: string[] = []
  for (const part of parts) encoder.push(part, out)
  encoder.end(out)
  return out.join('')
}

describe('stepperStream', () => {
  const protocols: ProtocolName[] = ['openai', 'anthropic', 'gemini', 'openai-responses']
  for (const upstream of protocols) {
    for (const { name, events } of upstreamTranscripts(upstream)) {
      for (const client of protocols) {
        it(`runs ${name} → ${client} as the steppers do when called directly`, async () => {
          const web = await throughWebStreams(codecsWithCounter(), upstream, client, events)
          const direct = throughSteppers(codecsWithCounter(), upstream, client, events)
          expect(direct.length).toBeGreaterThan(0)
          expect(web).toBe(direct)
        })
      }
    }
  }

  it('errors the stream with what a step throws, after what came before it', async () => {
    const stepper: Stepper<string, string> = {
      push(input, out) {
        if (input === 'boom') throw new Error('boom')
        out.push(input.toUpperCase())
      },
      end: (out) => void out.push('end'),
    }
    const source = new ReadableStream<string>({
      start(controller) {
        for (const input of ['a', 'b', 'boom', 'c']) controller.enqueue(input)
        controller.close()
      },
    })
    const reader = source.pipeThrough(stepperStream(stepper)).getReader()
    expect(await reader.read()).toEqual({ done: false, value: 'A' })
    expect(await reader.read()).toEqual({ done: false, value: 'B' })
    await expect(reader.read()).rejects.toThrow('boom')
  })

  it("appends the stepper's closing output when the input ends", async () => {
    const stepper: Stepper<string, string> = {
      push: (input, out) => void out.push(input),
      end: (out) => void out.push('closing'),
    }
    const source = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('x')
        controller.close()
      },
    })
    const reader = source.pipeThrough(stepperStream(stepper)).getReader()
    const got: string[] = []
    for (let next = await reader.read(); !next.done; next = await reader.read()) got.push(next.value)
    expect(got).toEqual(['x', 'closing'])
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../../src/ir/errors.ts'
import { foldStreamParts } from '../../../src/ir/fold-stream.ts'
import type { IRRequest } from '../../../src/ir/request.ts'
import type { IRResponse } from '../../../src/ir/response.ts'
import type { StreamPart } from '../../../src/ir/stream-part.ts'
import { responseToStreamParts } from '../../../src/ir/response-to-parts.ts'
import type { Codec } from '../../../src/protocols/codec.ts'
import { createSseParser } from '../../../src/protocols/sse.ts'
import { runStepper, runThrough, splitAt } from '../../helpers/streams.ts'

/** Samples a codec is checked with: IR values in the codec's canonical form, and upstream recordings. */
export interface CodecContractSamples {
  /** Requests the protocol can express exactly (decode ∘ encode must give them back). */
  requests: { name: string; request: IRRequest; /** Headers for `decodeRequest` (default none). */ headers?: Headers }[]
  /** Responses in canonical form (ids with the protocol's prefix, `created` where the protocol has it). */
  responses: { name: string; response: IRResponse }[]
  /** The same answer recorded from an upstream as JSON and as an SSE transcript. */
  recordings?: { name: string; json: unknown; sse: string }[]
  /**
   * The protocol numbers its events and repeats the response so far in its error events (Responses), so
   * an error inside a stream cannot be the same text as one on its own: only its decoded error is compared.
   */
  numberedEvents?: boolean
}

const encoder = new TextEncoder()

async function decodeSse(codec: Codec, chunks: (string | Uint8Array)[]): Promise<StreamPart[]> {
  const events = await runThrough(createSseParser(), chunks)
  return runStepper(codec.decodeStream(), events)
}

/**
 * The contract every codec runs (`describe` blocks), on the steppers the gateway runs: request and response
 * round trips, a response streamed through `encodeStream` and folded back equals the non-stream path
 * (also under arbitrary chunking), recorded streams fold to their recorded JSON, the optional capabilities
 * read back what they write, errors keep their kind through the wire.
 */
export function runCodecContract(codec: Codec, samples: CodecContractSamples): void {
  describe(`${codec.name} codec contract: requests`, () => {
    it.each(samples.requests)('decode ∘ encode gives back $name', ({ request, headers }) => {
      const call = codec.encodeRequest(request, request.model)
      const decoded = codec.decodeRequest(
        JSON.parse(JSON.stringify(call.body)) as unknown,
        headers ?? new Headers(call.headers),
      )
      expect({ ...decoded, model: request.model }).toEqual(request)
    })
  })

  describe(`${codec.name} codec contract: responses`, () => {
    it.each(samples.responses)('decode ∘ encode gives back $name', ({ response }) => {
      const body = JSON.parse(JSON.stringify(codec.encodeResponse(response, response.model))) as unknown
      expect(codec.decodeResponse(body)).toEqual(response)
      expect(codec.usageFromResponse(body)).toEqual(response.usage)
    })

    it.each(samples.responses)(
      'streaming $name and folding the parts equals the non-stream path',
      async ({ response }) => {
        const text = runStepper(
          codec.encodeStream({ model: response.model, includeUsage: true }),
          responseToStreamParts(response),
        ).join('')
        expect(foldStreamParts(await decodeSse(codec, [text]))).toEqual(response)
      },
    )

    it.each(samples.responses)('the stream of $name decodes the same whatever the chunking', async ({ response }) => {
      const text = runStepper(
        codec.encodeStream({ model: response.model, includeUsage: true }),
        responseToStreamParts(response),
      ).join('')
      const bytes = encoder.encode(text)
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 8 }), async (offsets) => {
          expect(foldStreamParts(await decodeSse(codec, splitAt(bytes, offsets)))).toEqual(response)
        }),
        { numRuns: 25 },
      )
    })
  })

  if (samples.recordings && samples.recordings.length > 0) {
    describe(`${codec.name} codec contract: recordings`, () => {
      it.each(samples.recordings ?? [])(
        'the stream of $name folds to its non-stream response',
        async ({ json, sse }) => {
          expect(foldStreamParts(await decodeSse(codec, [sse]))).toEqual(codec.decodeResponse(json))
        },
      )
    })
  }

  describe(`${codec.name} codec contract: capabilities`, () => {
    it.runIf(codec.countTokens !== undefined)('a count it writes reads back through its decode', () => {
      const counting = codec.countTokens
      expect(counting?.decode(counting.encode(1234, { estimated: false }))).toBe(1234)
    })

    it.runIf(codec.embeddings !== undefined)(
      'embeddings it writes read back in order, for one text and for several',
      () => {
        const embeddings = codec.embeddings
        for (const inputs of [['one'], ['one', 'two', 'three']]) {
          const request = { model: 'm', inputs, single: inputs.length === 1, encodingFormat: 'float' as const }
          const response = { vectors: inputs.map((_, index) => [index, 0.5, -1]), inputTokens: 3 }
          const body = JSON.parse(JSON.stringify(embeddings?.encodeResponse(response, request, 'm'))) as unknown
          expect(embeddings?.decodeResponse(body, request).vectors).toEqual(response.vectors)
        }
      },
    )
  })

  describe(`${codec.name} codec contract: errors`, () => {
    const errors = [
      new GatewayError({ kind: 'rate_limit', status: 429, message: 'Slow down', retryAfterMs: 17_000 }),
      new GatewayError({ kind: 'overloaded', status: 529, message: 'Overloaded' }),
      new GatewayError({ kind: 'invalid_request', status: 400, message: 'messages: expected an array' }),
      new GatewayError({ kind: 'not_found', status: 404, message: 'no such model' }),
    ]

    it.each(errors)('a $kind error keeps its kind and message through encodeError → decodeError', (error) => {
      const encoded = codec.encodeError(error)
      const decoded = codec.decodeError(
        encoded.status,
        JSON.stringify(encoded.body),
        new Headers(encoded.headers),
        'peer',
      )
      expect(decoded).toMatchObject({ kind: error.kind, message: error.message, provider: 'peer' })
      if (error.retryAfterMs !== undefined) expect(decoded.retryAfterMs).toBe(error.retryAfterMs)
    })

    it.each(errors.filter((error) => error.kind !== 'invalid_request'))(
      'a $kind error event in a stream decodes to an error part of that kind',
      async (error) => {
        const parts = await decodeSse(codec, [codec.encodeStreamError(error)])
        const last = parts.at(-1)
        expect(last?.type).toBe('error')
        if (last?.type === 'error') expect(last.error).toMatchObject({ kind: error.kind, message: error.message })
      },
    )

    it('an error part ends the encoded stream with that error event', async () => {
      const error = errors[1] as GatewayError
      const parts: StreamPart[] = [
        { type: 'start', id: 'x', model: 'm' },
        { type: 'error', error },
      ]
      const text = runStepper(codec.encodeStream({ model: 'm', includeUsage: false }), parts).join('')
      if (!samples.numberedEvents) expect(text.endsWith(codec.encodeStreamError(error))).toBe(true)
      const decoded = (await decodeSse(codec, [text])).at(-1)
      expect(decoded).toMatchObject({ type: 'error', error: { kind: error.kind, message: error.message } })
    })
  })
}

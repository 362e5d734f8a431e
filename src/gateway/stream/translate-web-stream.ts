import { Readable } from 'node:stream'
import type { StreamPart } from '../../ir/stream-part.ts'
import { createSseParser } from '../../protocols/sse.ts'
import { toUpstreamError } from '../../upstream/http-client.ts'
import { awaitCommit } from './await-commit.ts'
import { classifyPart } from './classify-part.ts'
import type { TranslateInput } from './translate-input.ts'
import { readerIterator, streamFrom } from './web-iteration.ts'

/**
 * A translated stream through web streams (SSE parser, the codecs' TransformStreams): the fallback of
 * {@link translateStream} for codecs whose transformers cannot run synchronously. Resolves at the
 * commit point with the client's SSE text; an error before it throws (so the attempt can fail over).
 */
export async function translateWebStream(input: TranslateInput): Promise<AsyncIterable<string>> {
  const parts = (Readable.toWeb(input.body) as ReadableStream<Uint8Array>).pipeThrough(createSseParser()).pipeThrough(input.upstream.decodeStream())
  const committed = await awaitCommit(readerIterator(parts), classifyPart, input.provider)
  const source = (async function* (): AsyncGenerator<StreamPart> {
    yield* committed.head
    try {
      for (let next = await committed.rest.next(); !next.done; next = await committed.rest.next()) yield next.value
    } catch (error) {
      const failure = toUpstreamError(error, input.provider, input.signal)
      if (failure.kind === 'aborted') throw failure
      yield { type: 'error', error: failure }
    }
  })()
  const encoded = streamFrom(source)
    .pipeThrough(
      new TransformStream<StreamPart, StreamPart>({
        transform(part, controller) {
          input.onPart(part)
          controller.enqueue(part)
        },
      }),
    )
    .pipeThrough(input.client.encodeStream(input.encodeOptions))
  return readerIterator(encoded)
}

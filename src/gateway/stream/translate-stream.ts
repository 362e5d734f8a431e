import type { StreamPart } from '../../ir/stream-part.ts'
import { parseSseFrame } from '../../protocols/sse-frames.ts'
import { toUpstreamError } from '../../upstream/http-client.ts'
import { awaitCommit, type ItemClass } from './await-commit.ts'
import { classifyPart } from './classify-part.ts'
import { sseFrameBatches } from './sse-frame-batches.ts'
import { syncTransformer } from './sync-transformer.ts'
import type { TranslateInput } from './translate-input.ts'

/** A batch's meaning for the commit point is its first part that is not meta, in order (meta if none). */
function classifyBatch(parts: StreamPart[]): ItemClass {
  for (const part of parts) {
    const kind = classifyPart(part)
    if (kind !== 'meta') return kind
  }
  return 'meta'
}

/**
 * Upstream SSE → IR parts → the client's SSE, resolving at the commit point (design §2) with the
 * client's text; an error part, a transport error or an end before any content throws, so the attempt
 * can still fail over. After the commit a transport failure becomes the client's error event.
 *
 * The codecs' transformers run as plain calls, one upstream read at a time: what one read brought
 * leaves in one piece, as it came, without web-stream plumbing per event (see syncTransformer).
 */
export async function translateStream(input: TranslateInput): Promise<AsyncIterable<string>> {
  const decoder = syncTransformer(input.upstream.decodeTransformer())
  const encoder = syncTransformer(input.client.encodeTransformer(input.encodeOptions))
  const batches = (async function* () {
    for await (const frames of sseFrameBatches(input.body)) {
      const parts: StreamPart[] = []
      for (const raw of frames) {
        const event = parseSseFrame(raw)
        if (event) decoder.push(event, parts)
      }
      if (parts.length > 0) yield parts
    }
    const parts: StreamPart[] = []
    decoder.end(parts)
    if (parts.length > 0) yield parts
  })()
  const committed = await awaitCommit(batches, classifyBatch, input.provider)
  const encode = (parts: StreamPart[]) => {
    const out: string[] = []
    for (const part of parts) {
      input.onPart(part)
      encoder.push(part, out)
    }
    return out.join('')
  }
  return (async function* () {
    try {
      const head = committed.head.map(encode).join('')
      if (head) yield head
      for (;;) {
        let next: IteratorResult<StreamPart[]>
        try {
          next = await committed.rest.next()
        } catch (error) {
          const failure = toUpstreamError(error, input.provider, input.signal)
          if (failure.kind === 'aborted') throw failure
          const text = encode([{ type: 'error', error: failure }])
          if (text) yield text
          break
        }
        if (next.done) break
        const text = encode(next.value)
        if (text) yield text
      }
      const tail: string[] = []
      encoder.end(tail)
      if (tail.length > 0) yield tail.join('')
    } finally {
      await committed.rest.return?.(undefined)
    }
  })()
}

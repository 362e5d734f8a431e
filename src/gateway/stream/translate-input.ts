import type { Readable } from 'node:stream'
import type { AbortLike } from '../../ir/abort-latch.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Codec } from '../../protocols/codec.ts'
import type { CodecWarnings, Note } from '../codec-warnings.ts'
import type { RelayBounds } from './sse-relay.ts'
import type { OpenSink } from './stream-sink.ts'

/** What a translated stream needs: the upstream's SSE body, both codecs, and who sees the parts. */
export interface TranslateInput {
  body: Readable
  /** Decodes the upstream's events. */
  upstream: Codec
  /** Encodes for the client. */
  client: Codec
  encodeOptions: { model: string; includeUsage: boolean }
  provider: string
  /** The attempt's signal (a transport error after it aborted is the client leaving). */
  signal: AbortLike
  /** The event size limit and the idle timeout of the relay. */
  bounds: RelayBounds
  /** Removes secrets from the text of error events. */
  redact: (text: string) => string
  /** Sees every part on its way to the client's encoder (the request log reads usage and errors). */
  onPart(part: StreamPart): void
  /** The gateway's codec logger: what the steppers drop while the stream runs reaches `note` through it. */
  codecWarnings: CodecWarnings
  /** The request's record's notes (docs/records.md, "Notes"): what the stream's translation dropped. */
  note: Note
  /** Sees the text of the first content part before the stream commits to it; throws to refuse it. */
  firstText?(text: string): void
  /** Where the relay writes from the commit point. */
  openSink: OpenSink
}

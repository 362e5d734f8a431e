import { GatewayError } from '../../ir/errors.ts'
import { shortTextLimit } from '../failure-phrases.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import { parseSseFrame } from '../../protocols/sse-frames.ts'
import { classifyPart, type ItemClass } from './classify-part.ts'
import { SseRelay, type RelayStage } from './sse-relay.ts'
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
 * Upstream SSE → IR parts → the client's SSE, resolving at the commit point (docs/architecture.md) with the
 * client's stream; an error part, a transport error or an end before any content rejects, so the
 * attempt can still fail over. After the commit a transport failure becomes the client's error event.
 *
 * The codecs' steppers run as plain calls, one upstream read at a time (see `Stepper` and SseRelay):
 * what one read brought leaves in one piece, as it came.
 */
export function translateStream(input: TranslateInput): Promise<SseRelay> {
  return new SseRelay(input.body, translateStage(input), input.provider, input.signal, input.openSink, input.bounds)
    .ready
}

/** An upstream's error before the commit point, naming whose it was (the record and the health view show it). */
function naming(error: GatewayError, provider: string): GatewayError {
  if (error.provider !== undefined) return error
  return new GatewayError({
    ...error,
    kind: error.kind,
    status: error.status,
    provider,
    message: `${provider}: ${error.message}`,
    decision: error.decision,
  })
}

/** The text of the first content part (empty when it is not text), as a passthrough reads its first content event. */
function firstContentText(parts: StreamPart[]): string {
  const first = parts.find((part) => classifyPart(part) === 'content')
  return first?.type === 'text-delta' ? first.delta : ''
}

function translateStage(input: TranslateInput): RelayStage {
  // The stage's closures share one context: naming `input` in them would keep all of it (the upstream
  // body, the signal and what their listeners reach) as long as the stage lives. Measured with V8's
  // --trace-gc-nvp on Anthropic→OpenAI at c=16: 14 KB promoted to the old generation per request with
  // it, ~5 KB without (BENCHMARKS.md, "What the profiles showed").
  const onPart = input.onPart
  const firstText = input.firstText
  const provider = input.provider
  const redact = input.redact
  const warnings = input.codecWarnings
  const note = input.note
  const decoder = input.upstream.decodeStream()
  const encoder = input.client.encodeStream(input.encodeOptions)
  let committed = false
  // The finish part was encoded: the client has its whole answer (its protocol's closing events may follow).
  let finished = false
  // Parts before the commit point wait for it: an attempt that fails over has shown the client nothing.
  let pending: StreamPart[] = []
  // What this batch encoded before an error part ended the stream: it leaves with the error event.
  let held = ''
  // The answer's text from the commit point while it is short (see the passthrough stage in passthrough-attempt.ts):
  // checked with `firstText` when the finish comes, before the finish is encoded.
  let shortText: string | undefined
  const encode = (parts: StreamPart[], endOnError: boolean): string => {
    const out: string[] = []
    let failed = false
    for (const part of parts) {
      onPart(part)
      // Past the commit point an error (the upstream's own, or an event it could not read) ends the
      // stream: the relay sends the client's error event and nothing after it.
      if (endOnError && part.type === 'error') {
        held = out.join('')
        throw part.error
      }
      encoder.push(part, out)
      if (part.type === 'error') failed = true
      else if (part.type === 'finish') finished = true
    }
    // An upstream's error message may echo a key: only text that carries one is searched.
    return failed ? redact(out.join('')) : out.join('')
  }
  const take = (parts: StreamPart[]): string => {
    if (parts.length === 0) return ''
    if (!committed) {
      const kind = classifyBatch(parts)
      if (typeof kind === 'object') throw naming(kind.error, provider)
      if (kind === 'meta') {
        pending.push(...parts)
        return ''
      }
      firstText?.(firstContentText(parts))
      committed = true
      if (firstText) shortText = ''
      parts = pending.concat(parts)
      pending = []
    }
    const cut = shortText === undefined ? -1 : finishOfShort(parts)
    if (cut < 0 || !firstText) return encode(parts, true)
    const whole = shortText ?? ''
    shortText = undefined
    const before = encode(parts.slice(0, cut), true)
    try {
      firstText(whole)
    } catch (error) {
      held = before
      throw error
    }
    return before + encode(parts.slice(cut), true)
  }
  // Adds the parts' text to the short answer; the index of its finish part, or -1 (also once it is long).
  const finishOfShort = (parts: StreamPart[]): number => {
    for (let index = 0; index < parts.length && shortText !== undefined; index++) {
      const part = parts[index]!
      if (part.type === 'finish') return index
      if (part.type !== 'text-delta') continue
      shortText += part.delta
      if (shortText.length > shortTextLimit) shortText = undefined
    }
    return -1
  }
  const readFrames = (frames: string[]): string => {
    const parts: StreamPart[] = []
    for (const raw of frames) {
      const event = parseSseFrame(raw)
      if (event) decoder.push(event, parts)
    }
    return take(parts)
  }
  const end = (): string => {
    const parts: StreamPart[] = []
    decoder.end(parts)
    const text = take(parts)
    if (!committed) return text
    const tail: string[] = []
    encoder.end(tail)
    return text + tail.join('')
  }
  const fail = (error: GatewayError): string => {
    const before = held
    held = ''
    return before + encode([{ type: 'error', error }], false)
  }
  return {
    get committed() {
      return committed
    },
    get finished() {
      return finished
    },
    // The steppers say what they dropped when they flush (at the finish, an error or the end), from inside
    // these calls: each runs under `note`, so the drops reach the request's record as well as the log.
    frames: (frames) => warnings.duringStep(note, readFrames, frames),
    end: () => warnings.during(note, end),
    failure: (error) => warnings.duringStep(note, fail, error),
  }
}

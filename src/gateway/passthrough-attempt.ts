import { GatewayError } from '../ir/errors.ts'
import type { Codec, FrameInfo, Passthrough, PassthroughRequest } from '../protocols/codec.ts'
import { replaceModelNameInBytes } from '../protocols/shared/replace-model-name.ts'
import { parseSseFrame } from '../protocols/sse-frames.ts'
import {
  answerBounds,
  attemptUpstreamCall,
  sinkOf,
  streamBounds,
  type AttemptInput,
  type Prepared,
} from './attempt-input.ts'
import type { AttemptScope } from './attempt-scope.ts'
import { checkForwardedAnswer } from './check-answer.ts'
import { failurePhrasesOf, refuseFailureText, shortTextLimit } from './failure-phrases.ts'
import { readBody } from './read-body.ts'
import type { ItemClass } from './stream/classify-part.ts'
import { SseRelay, type RelayStage } from './stream/sse-relay.ts'

/** Same protocol: the body goes up with only `model` changed, the answer comes back byte for byte. */
export async function passthroughAttempt(
  input: AttemptInput,
  scope: AttemptScope,
  headersArrived: () => void,
): Promise<Prepared> {
  const inbound = input.inbound
  const client = input.codecs[inbound]
  const forwarding = passthroughOf(client)
  const prepared = forwarding.request(input.body, input.channel.upstreamModel, input.clientHeaders)
  // pinai asked for usage the client did not ask for: that chunk must not reach the client.
  const injected = prepared.stream && !prepared.includeUsage
  const path = prepared.call.path
  const body = clientBytes(prepared, input.bodyText) ?? prepared.call.body
  const response = await attemptUpstreamCall(input, { path, body, headers: prepared.call.headers }, scope, true)
  headersArrived()
  if (!input.stream) {
    const bytes = await readBody(response.body, answerBounds(input, scope))
    input.log.usage(
      checkForwardedAnswer(client, bytes, input.channel.provider.name, failurePhrasesOf(input.channel.provider)),
    )
    // The client hears the name it asked for, as from a translated answer; the record keeps the upstream's.
    return { kind: 'json', body: replaceModelNameInBytes(bytes, input.requestedModel) }
  }
  const stage = passthroughStage(input, client, forwarding, injected)
  return {
    kind: 'stream',
    relay: await new SseRelay(
      response.body,
      stage,
      input.channel.provider.name,
      scope.signal,
      sinkOf(input),
      streamBounds(input, scope),
    ).ready,
  }
}

/**
 * The relay's stage for a same-protocol stream: each upstream read leaves as it came, usage and errors read
 * from the frames that may hold them, the commit point at the first content frame.
 */
function passthroughStage(input: AttemptInput, client: Codec, forwarding: Passthrough, injected: boolean): RelayStage {
  const tap = forwarding.tap()
  const provider = input.channel.provider.name
  const phrases = failurePhrasesOf(input.channel.provider)
  const classify = classifyFrame(provider)
  const log = input.log
  const rename = forwarding.modelRenamer(input.requestedModel)
  const redact = input.redact
  let committed = false
  // Whether a frame finished the answer: a stream that ends without one was cut short.
  let finished = false
  // What this read forwarded before an unreadable frame ended the stream: it leaves with the error event.
  let held = ''
  // The answer's text from the commit point while it is short: a relay's error spread over a few events
  // is found when the finish comes, before the finish reaches the client. Undefined before the commit
  // point and once the text is longer than a relay's error sentence.
  let shortText: string | undefined
  // Usage read before the commit point counts only if this attempt commits.
  let pendingUsage: FrameInfo['usage'][] = []
  // Each upstream read leaves in one write, as it came. Past the first content frame (the commit point)
  // most frames are forwarded unread: only those that may hold usage or an error are parsed.
  const stage: RelayStage = {
    get committed() {
      return committed
    },
    get finished() {
      return finished
    },
    frames(frames) {
      let text = ''
      for (const raw of frames) {
        const finishing = !finished && forwarding.finishes(raw)
        if (finishing) finished = true
        const info = committed && shortText === undefined && forwarding.quiet(raw) ? quiet : tap(parseSseFrame(raw))
        const kind = classify(info)
        if (!committed) {
          if (typeof kind === 'object') throw kind.error
          if (kind === 'content') {
            refuseFailureText(info.text, phrases, provider)
            committed = true
            shortText = ''
            for (const usage of pendingUsage) log.usage(usage)
            pendingUsage = []
          }
        } else if (typeof kind === 'object') {
          log.streamError(kind.error)
          // Not an event of the protocol (an HTML page, plain text): the client gets its error event, not these bytes.
          if (kind.error.code === 'bad_stream') {
            held = text
            throw kind.error
          }
          // The upstream's own error event goes to the client, without a key it may echo; it ends the
          // answer, so a stream that stops after it was not cut short (no second error event).
          finished = true
          text += redact(raw)
          continue
        }
        if (shortText !== undefined && info.text) {
          shortText += info.text
          if (shortText.length > shortTextLimit) shortText = undefined
        }
        if (finishing && shortText !== undefined) {
          const whole = shortText
          shortText = undefined
          held = text
          refuseFailureText(whole, phrases, provider)
          held = ''
        }
        if (committed) log.usage(info.usage)
        else if (info.usage) pendingUsage.push(info.usage)
        if (!(injected && info.usageOnly)) text += rename(raw)
      }
      return text
    },
    end: () => {
      if (committed && !finished) throw unfinishedStream(provider)
      return ''
    },
    failure: (error) => {
      const before = held
      held = ''
      return before + redact(client.encodeStreamError(error))
    },
  }
  return stage
}

/** The client's own bytes, when the body going up says what they say, or does with its `appended` members added. */
function clientBytes(prepared: PassthroughRequest, text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  if (prepared.unchanged) return text
  if (prepared.appended === undefined) return undefined
  // The text parsed to an object, so its last character that is not white space closes it.
  const end = text.trimEnd()
  return end.endsWith('}') ? `${end.slice(0, -1)}${prepared.appended}}` : undefined
}

const quiet: FrameInfo = Object.freeze({ kind: 'content' })

/** A committed stream whose upstream ended without finishing the answer (no finish reason, no last event). */
function unfinishedStream(provider: string): GatewayError {
  return new GatewayError({
    kind: 'upstream',
    status: 502,
    provider,
    code: 'unfinished_stream',
    message: `${provider} ended the stream before the answer's finish`,
  })
}

function classifyFrame(provider: string) {
  return (info: FrameInfo): ItemClass => {
    const error = info.error
    if (info.kind === 'error' && error)
      return {
        error: new GatewayError({
          ...error,
          kind: error.kind,
          status: error.status,
          provider,
          message: `${provider}: ${error.message}`,
          decision: error.decision,
        }),
      }
    return info.kind === 'content' ? 'content' : 'meta'
  }
}

/** The client's protocol's passthrough (every protocol a client can speak has one). */
function passthroughOf(codec: Codec): Passthrough {
  const forwarding = codec.passthrough
  if (!forwarding)
    throw new GatewayError({ kind: 'internal', status: 500, message: `no passthrough for ${codec.name}` })
  return forwarding
}

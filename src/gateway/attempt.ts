import type { Redactor } from '../config/redactor.ts'
import type { PinaiConfig } from '../config/schema.ts'
import { GatewayError } from '../ir/errors.ts'
import type { IRRequest } from '../ir/request.ts'
import type { Codecs } from '../protocols/index.ts'
import type { Codec, FrameInfo, Passthrough, PassthroughRequest } from '../protocols/codec.ts'
import {
  takesReasoning,
  type AttemptInfo,
  type Candidates,
  type Channel,
  type RoutingSettings,
} from '../routing/index.ts'
import type { HttpClient } from '../upstream/http-client.ts'
import type { UpstreamUrls } from '../upstream/upstream-urls.ts'
import { openAttemptScope, type AttemptControl, type AttemptScope } from './attempt-scope.ts'
import type { ClientCall } from './client-call.ts'
import type { CodecWarnings } from './codec-warnings.ts'
import type { InboundProtocol } from './inbound.ts'
import type { RequestLog } from './request-log.ts'
import type { ItemClass } from './stream/classify-part.ts'
import { parseSseFrame } from '../protocols/sse-frames.ts'
import type { OpenSink } from './stream/stream-sink.ts'
import { SseRelay, type RelayStage } from './stream/sse-relay.ts'
import { translateStream } from './stream/translate-stream.ts'
import { readBody } from './read-body.ts'
import type { Limits } from './limits.ts'
import { replaceModelNameInBytes } from '../protocols/shared/replace-model-name.ts'
import { callUpstream } from './upstream-call.ts'
import { heedRateLimits } from './heed-rate-limits.ts'
import { parseUpstreamJson as parseJson } from './upstream-json.ts'
import { checkAnswerBody, checkForwardedAnswer } from './check-answer.ts'
import { failurePhrasesOf, refuseFailureText, shortTextLimit } from './failure-phrases.ts'

/** What an attempt hands back at its commit point: a whole JSON answer, or the client's SSE stream. */
export type Prepared = { kind: 'json'; body: Buffer | string } | { kind: 'stream'; relay: SseRelay }

/** Everything one attempt needs. */
export interface AttemptInput {
  config: PinaiConfig
  /** The config's parsed upstream URLs. */
  urls: UpstreamUrls
  settings: RoutingSettings
  limits: Limits
  /** Removes secrets from what an upstream's error may echo. */
  redact: Redactor
  http: HttpClient
  /** The gateway's codecs, by protocol. */
  codecs: Codecs
  /** Hands what a translation drops to the record as well as the log. */
  codecWarnings: CodecWarnings
  channel: Channel
  inbound: InboundProtocol
  /** The client's parsed body. */
  body: Record<string, unknown>
  /** The text it was parsed from (forwarded as is when the passthrough changes nothing). */
  bodyText?: string
  /** The same request in the IR, when some channel needs translation. */
  ir: IRRequest | undefined
  clientHeaders: Headers
  requestedModel: string
  stream: boolean
  log: RequestLog
  /** The attempt's signal and abort, from the failover loop. */
  attempt: AttemptControl
  /**
   * A committed stream failed (dropped, stalled, or an error event inside the 200): failover is over
   * for this request, but the channel's health must still hear of it, or a relay that always breaks
   * mid-stream would never cool down.
   */
  onLateFailure?: (error: GatewayError) => void
  /** Where a stream's relay writes from its commit point (a stream only). */
  openSink?: OpenSink
}

/** Runs one attempt on one channel; resolves at the commit point or throws a typed error. */
export async function runGenerateAttempt(input: AttemptInput): Promise<Prepared> {
  const scope = openAttemptScope(input.channel, input.settings, input.attempt)
  const started = performance.now()
  try {
    const same = input.channel.provider.protocol === input.inbound
    // A whole (non-stream) answer has its first byte with the headers; its body may take longer.
    const headersArrived = () => {
      if (!input.stream) scope.firstByteArrived()
    }
    const prepared = same
      ? await passthrough(input, scope, headersArrived)
      : await translated(input, scope, headersArrived)
    scope.firstByteArrived()
    if (prepared.kind === 'json') {
      reportUsedTokens(input)
      scope.release()
      return prepared
    }
    input.log.firstByte(performance.now() - started)
    prepared.relay.onDone(({ failure }) => finishStream(input, scope, failure))
    return prepared
  } catch (error) {
    throw scope.fail(error)
  }
}

/** A generate call's candidates, and its body in the IR when some candidate speaks another protocol. */
export interface GeneratePlan extends Candidates {
  ir: IRRequest | undefined
}

/** The failover loop's attempt for a generate call: one channel, passthrough or translated; a stream writes to `openSink`. */
export function generateAttempt(
  call: ClientCall,
  plan: GeneratePlan,
  openSink?: OpenSink,
): (channel: Channel, info: AttemptInfo) => Promise<Prepared> {
  const { state, deps, body, bodyText, inbound, stream, log, requestedModel } = call
  // The answer's `model` is the name that answered: the one asked for, or the fallback that served it.
  const shownName = (channel: Channel) => (channel.name === plan.mappedModel ? requestedModel : channel.name)
  return (channel, info) =>
    runGenerateAttempt({
      config: state.config,
      urls: state.upstreamUrls,
      settings: state.settings,
      limits: state.limits,
      redact: state.redact,
      http: deps.http,
      codecs: deps.codecs,
      codecWarnings: deps.codecWarnings,
      channel,
      inbound,
      body,
      bodyText,
      ir: plan.ir,
      clientHeaders: call.request.headers,
      requestedModel: shownName(channel),
      stream,
      log,
      attempt: info,
      onLateFailure: (error) => deps.health.onFailure(channel, error),
      ...(openSink ? { openSink } : {}),
    })
}

/** A committed stream ended (normally, broken, or the client left): timers stop, health hears of a late failure. */
function finishStream(input: AttemptInput, scope: AttemptScope, failure: GatewayError | undefined): void {
  reportUsedTokens(input)
  scope.release()
  const late = failure ?? input.log.lateFailure
  if (late && late.kind !== 'aborted') input.onLateFailure?.(late)
}

/**
 * The committed attempt's reported tokens replace its estimate in its key's tpm window (without usage,
 * the estimate stays); a whole answer's output tokens give its per-token latency.
 */
function reportUsedTokens(input: AttemptInput): void {
  const { promptTokens, completionTokens } = input.log.record
  if (promptTokens === undefined && completionTokens === undefined) return
  input.attempt.usedTokens?.((promptTokens ?? 0) + (completionTokens ?? 0), completionTokens)
}

async function upstreamCall(
  input: AttemptInput,
  call: Parameters<typeof callUpstream>[0]['call'],
  scope: AttemptScope,
  same: boolean,
) {
  const response = await callUpstream({
    http: input.http,
    config: input.config,
    urls: input.urls,
    channel: input.channel,
    call,
    signal: scope.signal,
    clientHeaders: input.clientHeaders,
    sameProtocol: same,
    timeouts: scope.timeouts,
    codecs: input.codecs,
    onResponse: heedRateLimits(input.attempt, input.settings),
  })
  scope.track(response.body)
  return response
}

/** Same protocol: the body goes up with only `model` changed, the answer comes back byte for byte. */
async function passthrough(input: AttemptInput, scope: AttemptScope, headersArrived: () => void): Promise<Prepared> {
  const inbound = input.inbound
  const client = input.codecs[inbound]
  const forwarding = passthroughOf(client)
  const prepared = forwarding.request(input.body, input.channel.upstreamModel, input.clientHeaders)
  // pinai asked for usage the client did not ask for: that chunk must not reach the client.
  const injected = prepared.stream && !prepared.includeUsage
  const path = prepared.call.path
  const body = clientBytes(prepared, input.bodyText) ?? prepared.call.body
  const response = await upstreamCall(input, { path, body, headers: prepared.call.headers }, scope, true)
  headersArrived()
  if (!input.stream) {
    const bytes = await readBody(response.body, answerBounds(input, scope))
    input.log.usage(
      checkForwardedAnswer(client, bytes, input.channel.provider.name, failurePhrasesOf(input.channel.provider)),
    )
    // The client hears the name it asked for, as from a translated answer; the record keeps the upstream's.
    return { kind: 'json', body: replaceModelNameInBytes(bytes, input.requestedModel) }
  }
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
  return {
    kind: 'stream',
    relay: await new SseRelay(response.body, stage, provider, scope.signal, sinkOf(input), streamBounds(input, scope))
      .ready,
  }
}

/** Where a stream goes: every stream attempt is given a sink. */
function sinkOf(input: AttemptInput): OpenSink {
  if (!input.openSink)
    throw new GatewayError({ kind: 'internal', status: 500, message: 'a stream attempt without a sink' })
  return input.openSink
}

/** How large one stream event may be, and how long a stream may go without one. */
function streamBounds(input: AttemptInput, scope: AttemptScope) {
  return { frameLimit: input.limits.sseFrame, idleMs: scope.timeouts.idle }
}

/** How much of a whole answer is read, and how long it may go without progress. */
function answerBounds(input: AttemptInput, scope: AttemptScope) {
  return { limit: input.limits.upstreamBody, provider: input.channel.provider.name, idleMs: scope.timeouts.idle }
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

/** The IR as this channel gets it: a reasoning effort only where an OpenAI upstream's model (either API) takes one. */
function upstreamRequest(ir: IRRequest, input: AttemptInput): IRRequest {
  const protocol = input.channel.provider.protocol
  if (ir.reasoning && (protocol === 'openai' || protocol === 'openai-responses') && !takesReasoning(input.channel)) {
    const { reasoning: _dropped, ...rest } = ir
    return { ...rest, stream: input.stream }
  }
  return { ...ir, stream: input.stream }
}

/** Different protocols: through the IR, with the upstream's codec and the client's. */
async function translated(input: AttemptInput, scope: AttemptScope, headersArrived: () => void): Promise<Prepared> {
  const ir = input.ir
  if (!ir) throw new GatewayError({ kind: 'internal', status: 500, message: 'request was not decoded' })
  const upstream = input.codecs[input.channel.provider.protocol]
  const client = input.codecs[input.inbound]
  const log = input.log
  const codecWarnings = input.codecWarnings
  const note = (message: string) => log.note(message)
  const call = codecWarnings.during(note, () =>
    upstream.encodeRequest(upstreamRequest(ir, input), input.channel.upstreamModel),
  )
  const response = await upstreamCall(input, call, scope, false)
  headersArrived()
  const provider = input.channel.provider.name
  const phrases = failurePhrasesOf(input.channel.provider)
  if (!input.stream) {
    const body = parseJson(await readBody(response.body, answerBounds(input, scope)), provider)
    checkAnswerBody(upstream, body, provider, phrases)
    const answer = codecWarnings.during(note, () => {
      const decoded = upstream.decodeResponse(body)
      log.usage(decoded.usage)
      return client.encodeResponse(decoded, input.requestedModel)
    })
    return { kind: 'json', body: JSON.stringify(answer) }
  }
  const relay = await translateStream({
    body: response.body,
    upstream,
    client,
    encodeOptions: { model: input.requestedModel, includeUsage: ir.includeUsage },
    provider,
    signal: scope.signal,
    bounds: streamBounds(input, scope),
    redact: input.redact,
    firstText: (text) => refuseFailureText(text, phrases, provider),
    onPart(part) {
      if (part.type === 'finish') log.usage(part.usage)
      if (part.type === 'error') log.streamError(part.error)
    },
    codecWarnings,
    note,
    openSink: sinkOf(input),
  })
  return { kind: 'stream', relay }
}

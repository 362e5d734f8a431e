import { GatewayError } from '../ir/errors.ts'
import type { IRRequest } from '../ir/request.ts'
import { takesReasoning, type AttemptInfo, type Candidates, type Channel } from '../routing/index.ts'
import {
  answerBounds,
  attemptUpstreamCall,
  sinkOf,
  streamBounds,
  type AttemptInput,
  type Prepared,
} from './attempt-input.ts'
import { openAttemptScope, type AttemptScope } from './attempt-scope.ts'
import { checkAnswerBody } from './check-answer.ts'
import type { ClientCall } from './client-call.ts'
import { failurePhrasesOf, refuseFailureText } from './failure-phrases.ts'
import { passthroughAttempt } from './passthrough-attempt.ts'
import { readBody } from './read-body.ts'
import type { OpenSink } from './stream/stream-sink.ts'
import { translateStream } from './stream/translate-stream.ts'
import { parseUpstreamJson as parseJson } from './upstream-json.ts'

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
      ? await passthroughAttempt(input, scope, headersArrived)
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
  const response = await attemptUpstreamCall(input, call, scope, false)
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

import type { IRRequest } from '../../ir/request.ts'
import type { AttemptInfo, Candidates, Channel } from '../../routing/index.ts'
import { runGenerateAttempt, type Prepared } from '../attempt.ts'
import type { ClientCall } from '../client-call.ts'
import type { OpenSink } from '../stream/stream-sink.ts'

/** A generate call's candidates, and its body in the IR when some candidate speaks another protocol. */
export interface GeneratePlan extends Candidates {
  ir: IRRequest | undefined
}

/** Routes a generate call; the body is decoded into the IR once, before any attempt, so a malformed request is the client's 400, not a failover. */
export function planGenerate(call: ClientCall): GeneratePlan {
  const inbound = call.inbound
  return call.route((candidates) => ({
    ...candidates,
    ir: [candidates.channels, ...candidates.fallbacks].some((pool) => pool.some((channel) => channel.provider.protocol !== inbound)) ? call.deps.codecs[inbound].decodeRequest(call.body, call.request.headers) : undefined,
  }))
}

/** The failover loop's attempt for a generate call: one channel, passthrough or translated; a stream writes to `openSink`. */
export function generateAttempt(call: ClientCall, plan: GeneratePlan, openSink?: OpenSink): (channel: Channel, info: AttemptInfo) => Promise<Prepared> {
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

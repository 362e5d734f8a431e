import type { Redactor } from '../config/redactor.ts'
import type { PinaiConfig } from '../config/schema.ts'
import { GatewayError } from '../ir/errors.ts'
import type { IRRequest } from '../ir/request.ts'
import type { Codecs } from '../protocols/index.ts'
import type { Channel, RoutingSettings } from '../routing/index.ts'
import type { HttpClient } from '../upstream/http-client.ts'
import type { UpstreamUrls } from '../upstream/upstream-urls.ts'
import type { AttemptControl, AttemptScope } from './attempt-scope.ts'
import type { CodecWarnings } from './codec-warnings.ts'
import { heedRateLimits } from './heed-rate-limits.ts'
import type { InboundProtocol } from './inbound.ts'
import type { Limits } from './limits.ts'
import type { RequestLog } from './request-log.ts'
import type { SseRelay } from './stream/sse-relay.ts'
import type { OpenSink } from './stream/stream-sink.ts'
import { callUpstream } from './upstream-call.ts'

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

/** Calls the upstream for an attempt: its channel, key, timeouts and signal; the answer's body is tracked by its scope. */
export async function attemptUpstreamCall(
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

/** Where a stream goes: every stream attempt is given a sink. */
export function sinkOf(input: AttemptInput): OpenSink {
  if (!input.openSink)
    throw new GatewayError({ kind: 'internal', status: 500, message: 'a stream attempt without a sink' })
  return input.openSink
}

/** How large one stream event may be, and how long a stream may go without one. */
export function streamBounds(input: AttemptInput, scope: AttemptScope) {
  return { frameLimit: input.limits.sseFrame, idleMs: scope.timeouts.idle }
}

/** How much of a whole answer is read, and how long it may go without progress. */
export function answerBounds(input: AttemptInput, scope: AttemptScope) {
  return { limit: input.limits.upstreamBody, provider: input.channel.provider.name, idleMs: scope.timeouts.idle }
}

import type { UpstreamCall } from '../protocols/codec.ts'
import type { Channel } from '../routing/index.ts'
import { openAttemptScope, type AttemptControl } from './attempt-scope.ts'
import type { ClientCall } from './client-call.ts'
import { readBody } from './read-body.ts'
import { callUpstream } from './upstream-call.ts'
import { heedRateLimits } from './heed-rate-limits.ts'
import { parseUpstreamJson } from './upstream-json.ts'

/** Options of {@link jsonAttempt}. */
export interface JsonAttemptInput {
  call: ClientCall
  channel: Channel
  upstream: UpstreamCall
  /** The client speaks the upstream's protocol (its protocol headers are forwarded). */
  sameProtocol: boolean
  /** The attempt's signal and abort, from the failover loop. */
  attempt: AttemptControl
}

/**
 * One whole-JSON upstream call as a failover attempt, under the same timeouts, abort and error
 * classification as a chat attempt: the raw bytes (for passthrough) and the parsed value.
 */
export async function jsonAttempt(input: JsonAttemptInput): Promise<{ bytes: Buffer; json: unknown }> {
  const { call, channel } = input
  const scope = openAttemptScope(channel, call.state.settings, input.attempt)
  try {
    const response = await callUpstream({
      http: call.deps.http,
      config: call.state.config,
      urls: call.state.upstreamUrls,
      channel,
      call: input.upstream,
      signal: scope.signal,
      clientHeaders: call.request.headers,
      sameProtocol: input.sameProtocol,
      timeouts: scope.timeouts,
      codecs: call.deps.codecs,
      onResponse: heedRateLimits(input.attempt, call.state.settings),
    })
    scope.track(response.body)
    scope.firstByteArrived()
    const bytes = await readBody(response.body, {
      limit: call.state.limits.upstreamBody,
      provider: channel.provider.name,
      idleMs: scope.timeouts.idle,
    })
    const json = parseUpstreamJson(bytes, channel.provider.name)
    scope.release()
    return { bytes, json }
  } catch (error) {
    throw scope.fail(error)
  }
}

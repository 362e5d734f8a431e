import { AbortLatch } from '../ir/abort-latch.ts'
import { GatewayError } from '../ir/errors.ts'
import { resolveCandidates, runWithFailover, type AttemptInfo, type Candidates, type Channel } from '../routing/index.ts'
import { authenticateClient, type Caller } from './auth.ts'
import { asGatewayError } from './error-response.ts'
import { clientRateLimited, estimateBodyTokens } from './client-limits.ts'
import type { GatewayDeps } from './gateway-deps.ts'
import type { GatewayState } from './gateway-state.ts'
import type { InboundProtocol } from './inbound.ts'
import { readJsonText } from './read-json.ts'
import { RequestLog } from './request-log.ts'
import { sessionKeyOf } from './session-key.ts'
import type { RequestKind } from '../store/request-record.ts'

/** The opening of a client API call that names a model: who calls, what they sent, and its log. */
export interface ClientCall {
  request: Request
  deps: GatewayDeps
  inbound: InboundProtocol
  /** The state read once at the start (a reload mid-request does not change it). */
  state: GatewayState
  caller: Caller
  body: Record<string, unknown>
  /** The text `body` was parsed from, byte for byte what the client sent. */
  bodyText: string
  /** The `model` the client asked for. */
  requestedModel: string
  stream: boolean
  log: RequestLog
}

/** Authenticates the caller, reads the JSON body and its `model`, and opens the request's log. */
export async function beginClientCall(request: Request, inbound: InboundProtocol, deps: GatewayDeps, kind?: RequestKind): Promise<ClientCall> {
  const state = deps.state()
  const { config } = state
  const caller = authenticateClient(config, request.headers, inbound === 'anthropic')
  const { value: body, text: bodyText } = await readJsonText(request, state.limits.requestBody)
  const requestedModel = body.model
  if (typeof requestedModel !== 'string' || !requestedModel) {
    throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'missing_model', message: '"model" is required and must be a string' })
  }
  const stream = body.stream === true
  const log = new RequestLog(deps.sink, { client: caller.name, inbound, requestedModel, mappedModel: requestedModel, stream: kind === undefined && stream, ...(kind ? { kind } : {}) }, state.redact)
  return { request, deps, inbound, state, caller, body, bodyText, requestedModel, stream, log }
}

/**
 * Resolves the call's candidates (allowlist, model mapping, pool) and lets `prepare` check the request
 * against them before any attempt; an error from either is logged as the request's end and thrown.
 */
export function routeClientCall<T>(call: ClientCall, prepare: (candidates: Candidates) => T): T {
  try {
    const { config, table } = call.state
    const candidates = resolveCandidates({ table, requestedModel: call.requestedModel, allowedModels: call.caller.models, modelMapping: config.modelMapping, fallbacks: config.fallbacks })
    call.log.record.mappedModel = candidates.mappedModel
    admitClient(call)
    return prepare(candidates)
  } catch (error) {
    const typed = asGatewayError(error)
    call.log.finish(typed.status, typed)
    throw typed
  }
}

/** Counts the call against its client's budgets, or throws its 429; a count_tokens call is not a model call. */
function admitClient(call: ClientCall): void {
  if (call.log.record.kind === 'count_tokens') return
  const { name, limits } = call.caller
  // Most callers have no budgets: nothing to estimate or count for them.
  if (!limits) return
  const retryAfterMs = call.deps.clientLimits.admit(name, limits, estimateBodyTokens(call.bodyText), call.log.id)
  if (retryAfterMs !== undefined) throw clientRateLimited(name, retryAfterMs)
}

/** The failover loop of one client call, running. */
export interface RunningCall<T> {
  /** The committed attempt's value. */
  result: Promise<T>
  /** Aborts the attempts as a client disconnect (a stream's consumer went away). */
  clientGone(): void
  /** Ends the request with this error: logs it, stops listening to the client, throws it typed. */
  fail(error: unknown): never
  /** Stops listening to the client's disconnect (the answer is complete). */
  detach(): void
}

/**
 * Starts the attempt loop over `channels`, then the `fallbacks` pools, under the config's routing
 * settings: request deadline, `maxAttempts`, health, the agent session's pinned channel (`routing.affinity`),
 * and the client's disconnect aborting everything.
 */
export function startFailover<T>(
  call: ClientCall,
  channels: readonly Channel[],
  attempt: (channel: Channel, info: AttemptInfo) => Promise<T>,
  fallbacks: readonly (readonly Channel[])[] = [],
): RunningCall<T> {
  const { request, deps, log } = call
  const settings = call.state.settings
  const controller = new AbortLatch()
  const clientGone = () => controller.abort(new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' }))
  request.signal?.addEventListener('abort', clientGone, { once: true })
  const detach = () => request.signal?.removeEventListener('abort', clientGone)
  // The loop hands each attempt to the log as it ends; the record is written only once it has settled.
  log.attemptsStarted()
  // Only model calls: a count_tokens or embeddings call caches no prompt and must not move the pin.
  const kind = log.record.kind ?? 'generate'
  const session = settings.affinity === 'session' && kind === 'generate' ? sessionKeyOf(call) : undefined
  const result = runWithFailover<T>({
    channels,
    fallbacks,
    selector: call.state.selector,
    health: deps.health,
    keyLimits: call.state.keyLimits,
    // count_tokens calls spend no tokens of the upstream's budget.
    tokenEstimate: kind === 'count_tokens' ? 0 : estimateBodyTokens(call.bodyText),
    queueTimeout: settings.queueTimeout,
    maxAttempts: settings.maxAttempts,
    deadlineAt: settings.deadline > 0 ? deps.now() + settings.deadline : undefined,
    now: deps.now,
    signal: controller,
    onAttempt: (record) => log.attempt(record),
    onQueued: (waitedMs, refused) => deps.metrics.queued(log.record.mappedModel, waitedMs, refused),
    // A count_tokens call says nothing about how fast a channel answers a model call.
    measureLatency: log.record.kind !== 'count_tokens',
    // A whole answer's duration grows with its length: it is judged per output token, a stream by its first token.
    ...(kind === 'generate' && !call.stream ? { latencyMeasure: 'per-token' as const } : {}),
    ...(session === undefined ? {} : { session: { key: session, affinity: deps.affinity, ttlMs: settings.affinityTtl } }),
    attempt,
  }).then(
    (outcome) => {
      log.attemptsDone()
      return outcome.value
    },
    (error: unknown) => {
      log.attemptsDone()
      throw error
    },
  )
  const fail = (error: unknown): never => {
    const typed = asGatewayError(error)
    log.finish(typed.status, typed)
    detach()
    throw typed
  }
  return { result, clientGone, fail, detach }
}

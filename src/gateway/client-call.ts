import { AbortLatch } from '../ir/abort-latch.ts'
import { GatewayError } from '../ir/errors.ts'
import {
  resolveCandidates,
  runWithFailover,
  type AttemptInfo,
  type Candidates,
  type Channel,
} from '../routing/index.ts'
import { authenticateClient, type Caller } from './auth.ts'
import { asGatewayError } from './error-response.ts'
import { clientRateLimited, estimateBodyTokens } from './client-limits.ts'
import type { GatewayDeps } from './gateway-deps.ts'
import type { GatewayState } from './gateway-state.ts'
import type { InboundProtocol } from './inbound.ts'
import { readJsonText } from './read-request-json.ts'
import { RequestLog } from './request-log.ts'
import { sessionKeyOf } from './session-key.ts'
import type { RequestKind } from '../store/request-record.ts'

/** Ends a call: stops listening to the client and closes the request's record with `status`. */
export type EndCall = (status: number, failure?: GatewayError) => void

/** Options of {@link ClientCall.failover}. */
export interface FailoverOptions<T> {
  /** The pools of the model's `fallbacks`, tried once no channel of `channels` can be. */
  fallbacks?: readonly (readonly Channel[])[]
  /** Turns the loop's final error into an answer after all (undefined: the error stands). */
  rescue?(error: GatewayError): T | undefined
  /**
   * The answer outlives the loop (a stream): the call ends when it calls `end`, not when the loop
   * settles. Without it the call ends with the loop (200, or the error).
   */
  endsLater?(value: T, end: EndCall): void
}

/** What a client call is opened with: who calls, what they sent, and its record. */
export interface ClientCallOpening {
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

/** A client API call that names a model, from its first byte to its record: who calls, what they sent, its failover loop. */
export class ClientCall implements ClientCallOpening {
  readonly request: Request
  readonly deps: GatewayDeps
  readonly inbound: InboundProtocol
  readonly state: GatewayState
  readonly caller: Caller
  readonly body: Record<string, unknown>
  readonly bodyText: string
  readonly requestedModel: string
  readonly stream: boolean
  readonly log: RequestLog
  /** Aborts the attempts: the client went away. */
  private readonly latch = new AbortLatch()
  private readonly onClientAbort = () => this.clientGone()

  constructor(opening: ClientCallOpening) {
    this.request = opening.request
    this.deps = opening.deps
    this.inbound = opening.inbound
    this.state = opening.state
    this.caller = opening.caller
    this.body = opening.body
    this.bodyText = opening.bodyText
    this.requestedModel = opening.requestedModel
    this.stream = opening.stream
    this.log = opening.log
  }

  /**
   * Resolves the call's candidates (allowlist, model mapping, pool) and lets `prepare` check the request
   * against them before any attempt; an error from either ends the call and is thrown.
   */
  route<T>(prepare: (candidates: Candidates) => T): T {
    try {
      const { config, table } = this.state
      const candidates = resolveCandidates({
        table,
        requestedModel: this.requestedModel,
        allowedModels: this.caller.models,
        modelMapping: config.modelMapping,
        fallbacks: config.fallbacks,
      })
      this.log.record.mappedModel = candidates.mappedModel
      this.admit()
      return prepare(candidates)
    } catch (error) {
      const typed = asGatewayError(error)
      this.end(typed.status, typed)
      throw typed
    }
  }

  /**
   * Runs the attempt loop over `channels`, then the fallback pools, under the config's routing settings
   * (request deadline, `maxAttempts`, health, the agent session's pinned channel, the client's disconnect
   * aborting everything), and resolves with the committed attempt's value. The call ends here, in one
   * place, unless `endsLater` takes its end over: an error ends it with its status and is thrown typed.
   */
  async failover<T>(
    channels: readonly Channel[],
    attempt: (channel: Channel, info: AttemptInfo) => Promise<T>,
    options: FailoverOptions<T> = {},
  ): Promise<T> {
    let failure: GatewayError | undefined
    let later = false
    try {
      const value = await this.runLoop(channels, attempt, options.fallbacks)
      if (options.endsLater) {
        later = true
        options.endsLater(value, this.end)
      }
      return value
    } catch (error) {
      failure = asGatewayError(error)
      const rescued = options.rescue?.(failure)
      if (rescued === undefined) throw failure
      failure = undefined
      return rescued
    } finally {
      if (!later) this.end(failure?.status ?? 200, failure)
    }
  }

  /** Aborts the attempts as a client disconnect (a stream's client went away). */
  clientGone(): void {
    this.latch.abort(new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' }))
  }

  /** Ends the call: stops listening to the client and closes the record (a no-op once closed). */
  readonly end: EndCall = (status, failure) => {
    this.request.signal?.removeEventListener('abort', this.onClientAbort)
    this.log.finish(status, failure)
  }

  /** Counts the call against its client's budgets, or throws its 429; a count_tokens call is not a model call. */
  private admit(): void {
    if (this.log.record.kind === 'count_tokens') return
    const { name, limits } = this.caller
    // Most callers have no budgets: nothing to estimate or count for them.
    if (!limits) return
    const retryAfterMs = this.deps.clientLimits.admit(name, limits, estimateBodyTokens(this.bodyText), this.log.id)
    if (retryAfterMs !== undefined) throw clientRateLimited(name, retryAfterMs)
  }

  private runLoop<T>(
    channels: readonly Channel[],
    attempt: (channel: Channel, info: AttemptInfo) => Promise<T>,
    fallbacks: readonly (readonly Channel[])[] = [],
  ): Promise<T> {
    const { deps, log, state } = this
    const settings = state.settings
    this.request.signal?.addEventListener('abort', this.onClientAbort, { once: true })
    // The loop hands each attempt to the log as it ends; the record is written only once it has settled.
    log.attemptsStarted()
    // Only model calls: a count_tokens or embeddings call caches no prompt and must not move the pin.
    const kind = log.record.kind ?? 'generate'
    const session = settings.affinity === 'session' && kind === 'generate' ? sessionKeyOf(this) : undefined
    return runWithFailover<T>({
      channels,
      fallbacks,
      selector: state.selector,
      health: deps.health,
      keyLimits: state.keyLimits,
      // count_tokens calls spend no tokens of the upstream's budget.
      tokenEstimate: kind === 'count_tokens' ? 0 : estimateBodyTokens(this.bodyText),
      queueTimeout: settings.queueTimeout,
      maxAttempts: settings.maxAttempts,
      deadlineAt: settings.deadline > 0 ? deps.now() + settings.deadline : undefined,
      now: deps.now,
      signal: this.latch,
      onAttempt: (record) => log.attempt(record),
      onQueued: (waitedMs, refused) => deps.metrics.queued(log.record.mappedModel, waitedMs, refused),
      // A count_tokens call says nothing about how fast a channel answers a model call.
      measureLatency: kind !== 'count_tokens',
      // A whole answer's duration grows with its length: it is judged per output token, a stream by its first token.
      ...(kind === 'generate' && !this.stream ? { latencyMeasure: 'per-token' as const } : {}),
      ...(session === undefined
        ? {}
        : { session: { key: session, affinity: deps.affinity, ttlMs: settings.affinityTtl } }),
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
  }
}

/** Authenticates the caller, reads the JSON body and its `model`, and opens the request's log. */
export async function beginClientCall(
  request: Request,
  inbound: InboundProtocol,
  deps: GatewayDeps,
  kind?: RequestKind,
): Promise<ClientCall> {
  const state = deps.state()
  const caller = authenticateClient(state.auth, request.headers, inbound === 'anthropic')
  const { value: body, text: bodyText } = await readJsonText(request, state.limits.requestBody)
  const requestedModel = body.model
  if (typeof requestedModel !== 'string' || !requestedModel) {
    throw new GatewayError({
      kind: 'invalid_request',
      status: 400,
      code: 'missing_model',
      message: '"model" is required and must be a string',
    })
  }
  const stream = body.stream === true
  const log = new RequestLog(
    deps.sink,
    {
      client: caller.name,
      inbound,
      requestedModel,
      mappedModel: requestedModel,
      stream: kind === undefined && stream,
      ...(kind ? { kind } : {}),
    },
    state.redact,
  )
  return new ClientCall({ request, deps, inbound, state, caller, body, bodyText, requestedModel, stream, log })
}

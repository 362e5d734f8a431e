import { Response } from '@whatwg-node/server'
import { Readable } from 'node:stream'
import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import { codecs } from '../../protocols/index.ts'
import { resolveCandidates, runWithFailover } from '../../routing/index.ts'
import { runAttempt, type Prepared } from '../attempt.ts'
import { authenticateClient } from '../auth.ts'
import { asGatewayError } from '../error-response.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'
import { readJsonObject } from '../read-json.ts'
import { RequestLog } from '../request-log.ts'
import { keepAliveThen, raceTimer } from '../stream/keep-alive.ts'

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }

/** `POST /openai/v1/chat/completions` and `POST /anthropic/v1/messages`: route, fail over, answer. */
export async function handleGenerate(request: Request, inbound: InboundProtocol, deps: GatewayDeps): Promise<Response> {
  const state = deps.state()
  const { config } = state
  const caller = authenticateClient(config, request.headers, inbound === 'anthropic')
  const body = await readJsonObject(request, config.server.bodyLimit ?? 32 * 1024 * 1024)
  const requested = body.model
  if (typeof requested !== 'string' || !requested) {
    throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'missing_model', message: '"model" is required and must be a string' })
  }
  const stream = body.stream === true
  const log = new RequestLog(deps.sink, { client: caller.name, inbound, requestedModel: requested, mappedModel: requested, stream })
  let candidates: ReturnType<typeof resolveCandidates>
  let ir: IRRequest | undefined
  try {
    candidates = resolveCandidates({ table: state.table, requestedModel: requested, allowedModels: caller.models, modelMapping: config.modelMapping })
    log.record.mappedModel = candidates.mappedModel
    // Decode into the IR once, before any attempt, so a malformed request is the client's 400, not a failover.
    if (candidates.channels.some((channel) => channel.provider.protocol !== inbound)) ir = codecs[inbound].decodeRequest(body, request.headers)
  } catch (error) {
    const typed = asGatewayError(error)
    log.finish(typed.status, typed)
    throw typed
  }
  const channels = candidates.channels
  const controller = new AbortController()
  const onClientGone = () => controller.abort(new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' }))
  request.signal?.addEventListener('abort', onClientGone, { once: true })

  const settings = state.settings
  const run = runWithFailover<Prepared>({
    channels,
    selector: state.selector,
    health: deps.health,
    maxAttempts: settings.maxAttempts,
    deadlineAt: settings.deadline > 0 ? deps.now() + settings.deadline : undefined,
    now: deps.now,
    signal: controller.signal,
    onAttempt: (attempt) => log.attempt(attempt),
    attempt: (channel, info) =>
      runAttempt({ config, settings, http: deps.http, channel, inbound, body, ir, clientHeaders: request.headers, requestedModel: requested, stream, log, signal: info.signal }),
  }).then((result) => result.value)

  const fail = (error: unknown): never => {
    const typed = asGatewayError(error)
    log.finish(typed.status, typed)
    request.signal?.removeEventListener('abort', onClientGone)
    throw typed
  }

  if (!stream) {
    const prepared = await run.catch(fail)
    request.signal?.removeEventListener('abort', onClientGone)
    if (prepared.kind !== 'json') return fail(new GatewayError({ kind: 'internal', status: 500, message: 'expected a JSON answer' }))
    log.finish(200)
    return new Response(prepared.body as BodyInit, { status: 200, headers: { 'content-type': 'application/json' } })
  }

  const chunks = run.then((prepared) => {
    if (prepared.kind !== 'stream') throw new GatewayError({ kind: 'internal', status: 500, message: 'expected a stream' })
    return prepared.chunks
  })
  const respond = (source: AsyncIterable<string>) => {
    const readable = Readable.from(source, { objectMode: false, highWaterMark: 1 })
    readable.once('close', onClientGone)
    return new Response(readable as unknown as BodyInit, { status: 200, headers: sseHeaders })
  }
  // Wait for the commit point for up to one keep-alive interval, so a request that fails at once still
  // gets its real status; after that, keep-alive comments hold the line while failover goes on.
  if (settings.keepAliveInterval <= 0) return respond(await chunks.catch(fail))
  const first = await raceTimer(chunks, settings.keepAliveInterval).catch(fail)
  if (first.settled) return respond(first.value)
  const client = codecs[inbound]
  return respond(
    keepAliveThen(chunks, settings.keepAliveInterval, (error) => {
      const typed = asGatewayError(error)
      log.finish(typed.status, typed)
      return client.encodeStreamError(typed)
    }),
  )
}

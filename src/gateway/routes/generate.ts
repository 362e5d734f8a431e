import { Response } from '@whatwg-node/server'
import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { GatewayError } from '../../ir/errors.ts'
import type { Channel } from '../../routing/index.ts'
import { runAttempt, type Prepared } from '../attempt.ts'
import { beginClientCall, routeClientCall, startFailover } from '../client-call.ts'
import { asGatewayError } from '../error-response.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'
import { DirectResponse } from '../stream/direct-response.ts'
import { keepAliveThen, raceTimer } from '../stream/keep-alive.ts'

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' }
const jsonHeaders = { 'content-type': 'application/json' }

/**
 * `POST /openai/v1/chat/completions` and `POST /anthropic/v1/messages`: route, fail over, answer. Under
 * a Node server (`nodeResponse`), a stream that commits before the first keep-alive is written to the
 * client's response by its relay itself (see DirectResponse).
 */
export async function handleGenerate(request: Request, inbound: InboundProtocol, deps: GatewayDeps, nodeResponse?: ServerResponse): Promise<Response> {
  const call = await beginClientCall(request, inbound, deps)
  const { config, settings } = call.state
  const { body, bodyText, requestedModel: requested, stream, log } = call
  // Decode into the IR once, before any attempt, so a malformed request is the client's 400, not a failover.
  const { channels, fallbacks, mappedModel, ir } = routeClientCall(call, (candidates) => ({
    ...candidates,
    ir: [candidates.channels, ...candidates.fallbacks].some((pool) => pool.some((channel) => channel.provider.protocol !== inbound)) ? deps.codecs[inbound].decodeRequest(body, request.headers) : undefined,
  }))
  // With the CORS headers in them already, so that the answer's headers go out in one writeHead (see corsHeaders).
  const cors = call.state.cors.client(request.headers.get('origin'))
  const streamHeaders = stream ? { ...sseHeaders, ...cors, 'x-request-id': log.id } : undefined
  const direct = streamHeaders && nodeResponse ? new DirectResponse(nodeResponse, streamHeaders) : undefined
  // The answer's `model` is the name that answered: the one asked for, or the fallback that served it.
  const shownName = (channel: Channel) => (channel.name === mappedModel ? requested : channel.name)
  const run = startFailover<Prepared>(
    call,
    channels,
    (channel, info) =>
      runAttempt({ config, settings, limits: call.state.limits, redact: call.state.redact, http: deps.http, codecs: deps.codecs, channel, inbound, body, bodyText, ir, clientHeaders: request.headers, requestedModel: shownName(channel), stream, log, attempt: info, onLateFailure: (error) => deps.health.onFailure(channel, error), ...(direct ? { direct } : {}) }),
    fallbacks,
  )
  const { fail } = run

  if (!stream) {
    const prepared = await run.result.catch(fail)
    run.detach()
    if (prepared.kind !== 'json') return fail(new GatewayError({ kind: 'internal', status: 500, message: 'expected a JSON answer' }))
    log.finish(200)
    // Its length given, so the Response does not add it to the headers itself (which costs a header map).
    const length = typeof prepared.body === 'string' ? Buffer.byteLength(prepared.body) : prepared.body.length
    return new Response(prepared.body as BodyInit, { status: 200, headers: { ...jsonHeaders, ...cors, 'x-request-id': log.id, 'content-length': String(length) } })
  }

  const chunks = run.result.then((prepared) => {
    if (prepared.kind !== 'stream') throw new GatewayError({ kind: 'internal', status: 500, message: 'expected a stream' })
    deps.sink.stream(prepared.relay)
    return prepared.relay
  })
  const respond = (readable: Readable) => {
    if (direct?.taken) return answeredDirectly(direct, run.clientGone)
    readable.once('close', () => {
      // A stream that reached its end is logged already and has nothing left to abort.
      if (readable.readableEnded) return
      run.clientGone()
      // A client that leaves during the keep-alive phase ends the request here (a no-op once logged).
      setImmediate(() => log.finish(499, new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' })))
    })
    return new Response(readable as unknown as BodyInit, { status: 200, headers: streamHeaders })
  }
  // Wait for the commit point for up to one keep-alive interval, so a request that fails at once still
  // gets its real status; after that, keep-alive comments hold the line while failover goes on.
  if (settings.keepAliveInterval <= 0) return respond(await chunks.catch(fail))
  const first = await raceTimer(chunks, settings.keepAliveInterval).catch(fail)
  if (first.settled) return respond(first.value)
  // The keep-alive comments go out through a Response; a relay that committed just now wrote itself.
  if (direct && !direct.decline()) return respond(await chunks.catch(fail))
  const client = deps.codecs[inbound]
  const held = keepAliveThen(chunks, settings.keepAliveInterval, (error) => {
    const typed = asGatewayError(error)
    log.finish(typed.status, typed)
    return call.state.redact(client.encodeStreamError(typed))
  })
  return respond(Readable.from(held, { objectMode: false, highWaterMark: 1 }))
}

/**
 * A stream its relay writes to the client's response itself: a client that leaves aborts the attempt,
 * and the adapter gets an empty Response once the response has closed (it writes nothing to it then).
 */
function answeredDirectly(direct: DirectResponse, clientGone: () => void): Promise<Response> {
  return direct.closed(() => {
    if (!direct.response.writableFinished) clientGone()
    return new Response(null, { status: 200 })
  })
}

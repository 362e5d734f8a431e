import type { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import { generateAttempt, type GeneratePlan } from '../attempt.ts'
import type { ClientCall } from '../client-call.ts'
import type { NodeContext } from '../node-context.ts'
import { keepAliveCommentOf } from '../stream/keep-alive.ts'
import { StreamOutlet } from '../stream/stream-outlet.ts'

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
}

/**
 * A generate call answered as a stream: the failover loop runs until an attempt's relay reaches its
 * commit point, the relay writes to the outlet's sink, and the call ends when the stream does.
 */
export function answerStream(
  call: ClientCall,
  plan: GeneratePlan,
  context: NodeContext | undefined,
): Promise<Response> {
  const { state, log } = call
  const outlet = new StreamOutlet({
    context,
    keepAlive: keepAliveCommentOf(call.inbound),
    // With the CORS headers in them already, so that the answer's headers go out in one writeHead (see corsHeaders).
    headers: { ...sseHeaders, ...state.cors.client(call.request.headers.get('origin')), 'x-request-id': log.id },
    onClientGone() {
      call.clientGone()
      // A client that leaves during the keep-alive phase ends the request here (a no-op once ended).
      setImmediate(() =>
        call.end(499, new GatewayError({ kind: 'aborted', status: 499, message: 'the client closed the request' })),
      )
    },
  })
  const committed = call.failover(plan.channels, generateAttempt(call, plan, outlet.open), {
    fallbacks: plan.fallbacks,
    endsLater(prepared, end) {
      if (prepared.kind !== 'stream')
        return end(500, new GatewayError({ kind: 'internal', status: 500, message: 'expected a stream' }))
      call.deps.sink.stream(prepared.relay)
      prepared.relay.onDone(({ failure }) => end(failure?.kind === 'aborted' ? 499 : 200, failure))
    },
  })
  const client = call.deps.codecs[call.inbound]
  return outlet.answer(committed, state.settings.keepAliveInterval, (error) =>
    state.redact(client.encodeStreamError(error)),
  )
}

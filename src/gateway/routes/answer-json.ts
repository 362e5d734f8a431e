import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import { generateAttempt, type GeneratePlan } from '../attempt.ts'
import type { ClientCall } from '../client-call.ts'

const jsonHeaders = { 'content-type': 'application/json' }

/** A generate call answered whole: the failover loop's committed answer as one JSON `Response`. */
export async function answerJson(call: ClientCall, plan: GeneratePlan): Promise<Response> {
  const prepared = await call.failover(plan.channels, generateAttempt(call, plan), { fallbacks: plan.fallbacks })
  if (prepared.kind !== 'json')
    throw new GatewayError({ kind: 'internal', status: 500, message: 'expected a JSON answer' })
  // With the CORS headers in them already, so that the answer's headers go out in one writeHead (see corsHeaders).
  const cors = call.state.cors.client(call.request.headers.get('origin'))
  // Its length given, so the Response does not add it to the headers itself (which costs a header map).
  const length = typeof prepared.body === 'string' ? Buffer.byteLength(prepared.body) : prepared.body.length
  return new Response(prepared.body as BodyInit, {
    status: 200,
    headers: { ...jsonHeaders, ...cors, 'x-request-id': call.log.id, 'content-length': String(length) },
  })
}

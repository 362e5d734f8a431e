import type { Response } from '@whatwg-node/server'
import type { GeneratePlan } from '../attempt.ts'
import { beginClientCall, type ClientCall } from '../client-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'
import type { NodeContext } from '../node-context.ts'
import { answerJson } from './answer-json.ts'
import { answerStream } from './answer-stream.ts'

/** `POST /openai/v1/chat/completions` and `POST /anthropic/v1/messages`: the call opened and routed, then answered whole or as a stream. */
export async function handleGenerate(
  request: Request,
  inbound: InboundProtocol,
  deps: GatewayDeps,
  context: NodeContext | undefined,
): Promise<Response> {
  return answerGenerate(await beginClientCall(request, inbound, deps), context)
}

/** An opened model call routed, then answered whole or as a stream (what every protocol's generate route shares). */
export function answerGenerate(call: ClientCall, context: NodeContext | undefined): Promise<Response> {
  const plan = planGenerate(call)
  return call.stream ? answerStream(call, plan, context) : answerJson(call, plan)
}

/** Routes the call; the body is decoded into the IR once, before any attempt, so a malformed request is the client's 400, not a failover. */
function planGenerate(call: ClientCall): GeneratePlan {
  const inbound = call.inbound
  return call.route((candidates) => ({
    ...candidates,
    ir: [candidates.channels, ...candidates.fallbacks].some((pool) =>
      pool.some((channel) => channel.provider.protocol !== inbound),
    )
      ? call.deps.codecWarnings.during(
          (message) => call.log.note(message),
          () => call.deps.codecs[inbound].decodeRequest(call.body, call.request.headers),
        )
      : undefined,
  }))
}

import type { Response } from '@whatwg-node/server'
import { beginClientCall } from '../client-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'
import type { NodeContext } from '../node-context.ts'
import { answerJson } from './answer-json.ts'
import { answerStream } from './answer-stream.ts'
import { planGenerate } from './generate-plan.ts'

/** `POST /openai/v1/chat/completions` and `POST /anthropic/v1/messages`: the call opened and routed, then answered whole or as a stream. */
export async function handleGenerate(request: Request, inbound: InboundProtocol, deps: GatewayDeps, context: NodeContext | undefined): Promise<Response> {
  const call = await beginClientCall(request, inbound, deps)
  const plan = planGenerate(call)
  return call.stream ? answerStream(call, plan, context) : answerJson(call, plan)
}

import { Response } from '@whatwg-node/server'
import { isModelAllowed, mapModel } from '../../routing/index.ts'
import { authenticateClient } from '../auth.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'

/**
 * Every name a request may carry: the exposed names, then each exact `modelMapping` key whose target is
 * exposed (a wildcard key names no model), each once.
 */
export function requestableNames(exposed: readonly string[], mapping: Readonly<Record<string, string>>): string[] {
  const names = new Set(exposed)
  for (const from of Object.keys(mapping)) {
    if (!from.includes('*') && names.has(mapModel(from, mapping))) names.add(from)
  }
  return [...names]
}

/** `GET /openai/v1/models` and `GET /anthropic/v1/models`: every exposed name once, filtered by the allowlist. */
export function handleModels(request: Request, inbound: InboundProtocol, deps: GatewayDeps): Response {
  const state = deps.state()
  const caller = authenticateClient(state.auth, request.headers, inbound === 'anthropic')
  const names = requestableNames(state.table.names(), state.config.modelMapping).filter((name) =>
    isModelAllowed(caller.models, name),
  )
  const query = new URL(request.url).searchParams
  const limit = query.get('limit')
  const body = deps.codecs[inbound].encodeModelList(names, {
    limit: limit ? Number(limit) : undefined,
    afterId: query.get('after_id') ?? undefined,
    beforeId: query.get('before_id') ?? undefined,
  })
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
}

import type { RequestKind } from '../store/request-record.ts'
import { ClientCall } from './client-call.ts'
import { authenticateGeminiClient } from './gemini-auth.ts'
import type { GatewayDeps } from './gateway-deps.ts'
import { readJsonText } from './read-request-json.ts'
import { RequestLog } from './request-log.ts'

/** What the path of a Gemini call says that other protocols put in the body. */
export interface GeminiCallTarget {
  /** The model named in the path. */
  model: string
  stream: boolean
}

/**
 * Opens a Gemini client call: authenticates, reads the body, and carries the path's model and stream
 * flag in the body as `model` and `stream` (what the Gemini codec's `decodeRequest` and passthrough
 * read), so the call runs the same routing, failover and records as the other protocols'. `bodyText`
 * stays the client's own text, without those members (what a Gemini upstream gets).
 */
export async function beginGeminiCall(
  request: Request,
  deps: GatewayDeps,
  target: GeminiCallTarget,
  kind?: RequestKind,
): Promise<ClientCall> {
  const state = deps.state()
  const caller = authenticateGeminiClient(state.auth, request)
  const { value, text } = await readJsonText(request, state.limits.requestBody)
  const { model: _model, stream: _stream, ...own } = value
  const bodyText = 'model' in value || 'stream' in value ? JSON.stringify(own) : text
  const body = { ...own, model: target.model, stream: target.stream }
  const stream = kind === undefined && target.stream
  const log = new RequestLog(
    deps.sink,
    {
      client: caller.name,
      inbound: 'gemini',
      requestedModel: target.model,
      mappedModel: target.model,
      stream,
      ...(kind ? { kind } : {}),
    },
    state.redact,
  )
  return new ClientCall({
    request,
    deps,
    inbound: 'gemini',
    state,
    caller,
    body,
    bodyText,
    requestedModel: target.model,
    stream: target.stream,
    log,
  })
}

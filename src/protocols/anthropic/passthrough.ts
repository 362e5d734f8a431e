import type { JsonObject } from '../../ir/json.ts'
import type { PassthroughRequest, PassthroughStreamOptions } from '../codec.ts'
import { createPassthroughStream } from '../shared/passthrough-stream.ts'
import { expectRecord, isRecord, parseJson } from '../shared/read-json.ts'
import { decodeStreamError } from './decode-error.ts'
import { anthropicVersion } from './encode-request.ts'
import { createUsageTap } from './usage-tap.ts'

/** An Anthropic request forwarded to an Anthropic upstream: model renamed, protocol headers kept. */
export function passthroughRequest(body: unknown, upstreamModel: string, headers: Headers): PassthroughRequest {
  const request: JsonObject = { ...expectRecord(body, ''), model: upstreamModel }
  const forwarded: Record<string, string> = { 'anthropic-version': headers.get('anthropic-version') ?? anthropicVersion }
  const beta = headers.get('anthropic-beta')
  if (beta) forwarded['anthropic-beta'] = beta
  const stream = request.stream === true
  return { call: { path: '/v1/messages', body: request, headers: forwarded }, includeUsage: stream, stream }
}

/** Forwards an Anthropic upstream stream byte for byte, reading usage and `error` events on the way. */
export function passthroughStream(options: PassthroughStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  const tap = createUsageTap()
  return createPassthroughStream((event) => {
    const usage = tap(event)
    const data = parseJson(event.data)
    if (isRecord(data) && data.type === 'error') options.onError?.(decodeStreamError(data))
    if (usage && isRecord(data) && (data.type === 'message_start' || data.type === 'message_delta')) options.onUsage?.(usage)
    return true
  })
}

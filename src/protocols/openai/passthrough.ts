import type { JsonObject } from '../../ir/json.ts'
import type { PassthroughRequest, PassthroughStreamOptions } from '../codec.ts'
import { createPassthroughStream } from '../shared/passthrough-stream.ts'
import { expectRecord, isRecord, parseJson } from '../shared/read-json.ts'
import { decodeStreamError } from './decode-error.ts'
import { createUsageTap } from './usage-tap.ts'

/**
 * An OpenAI request forwarded to an OpenAI upstream: the model renamed and, for streams, usage asked for
 * (design §2). Whether the client asked itself decides if the usage chunk may reach it.
 */
export function passthroughRequest(body: unknown, upstreamModel: string): PassthroughRequest {
  const request: JsonObject = { ...expectRecord(body, ''), model: upstreamModel }
  const stream = request.stream === true
  const streamOptions = isRecord(request.stream_options) ? request.stream_options : {}
  const includeUsage = stream && streamOptions.include_usage === true
  if (stream) request.stream_options = { ...streamOptions, include_usage: true }
  return { call: { path: '/chat/completions', body: request }, includeUsage, stream }
}

/**
 * Forwards an OpenAI upstream stream byte for byte, reading usage and in-stream errors, and drops the
 * usage-only chunk (`choices: []`) when the client did not ask for usage (golden fixture F12, pitfall 15).
 */
export function passthroughStream(options: PassthroughStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  const tap = createUsageTap()
  return createPassthroughStream((event) => {
    const usage = tap(event)
    const chunk = parseJson(event.data)
    if (!isRecord(chunk)) return true
    if (chunk.error !== undefined) options.onError?.(decodeStreamError(chunk))
    if (usage && isRecord(chunk.usage)) options.onUsage?.(usage)
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0 && isRecord(chunk.usage)
    return options.includeUsage || !usageOnly
  })
}

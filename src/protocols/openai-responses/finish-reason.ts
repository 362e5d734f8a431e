import type { Finish } from '../../ir/finish.ts'
import type { JsonObject } from '../../ir/json.ts'
import { isRecord, maybeString } from '../shared/read-json.ts'
import type { ResponseStatus } from './wire-types.ts'

/**
 * A Responses answer's `status` and `incomplete_details.reason` as an IR finish: `incomplete` for
 * `max_output_tokens` is `length`, for `content_filter` a filter; a completed answer with a function call
 * is `tool_calls`. The raw value is the incomplete reason, or the status.
 */
export function decodeFinishReason(status: unknown, incompleteDetails: unknown, sawToolCalls: boolean): Finish {
  const reason = isRecord(incompleteDetails) ? maybeString(incompleteDetails.reason) : undefined
  if (status === 'incomplete') {
    if (reason === 'max_output_tokens') return { unified: 'length', raw: reason }
    if (reason === 'content_filter') return { unified: 'content_filter', raw: reason }
    return { unified: 'other', raw: reason ?? 'incomplete' }
  }
  const raw = typeof status === 'string' ? status : 'completed'
  return { unified: sawToolCalls ? 'tool_calls' : 'stop', raw }
}

/** The `status` and `incomplete_details` a Responses answer shows for an IR finish. */
export function encodeFinishReason(finish: Finish): { status: ResponseStatus; incompleteDetails: JsonObject | null } {
  switch (finish.unified) {
    case 'length':
    case 'context_length':
      return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } }
    case 'content_filter':
      return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } }
    case 'stop':
    case 'tool_calls':
    case 'error':
    case 'other':
      return { status: 'completed', incompleteDetails: null }
    default: {
      const unreachable: never = finish.unified
      throw new Error(`unknown finish reason ${String(unreachable)}`)
    }
  }
}

import type { Finish, FinishReason } from '../../ir/finish.ts'

const unifiedOf: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
}

/** An OpenAI `finish_reason` as IR; a missing one means `tool_calls` when calls were made, else `stop`. */
export function decodeFinishReason(raw: unknown, sawToolCalls: boolean): Finish {
  if (typeof raw !== 'string') return { unified: sawToolCalls ? 'tool_calls' : 'stop' }
  return { unified: unifiedOf[raw] ?? 'other', raw }
}

/** The OpenAI `finish_reason` for an IR finish (docs/protocols.md, "Finish reasons"); an OpenAI raw value is kept. */
export function encodeFinishReason(finish: Finish): string {
  if (finish.raw !== undefined && unifiedOf[finish.raw] === finish.unified) return finish.raw
  switch (finish.unified) {
    case 'stop':
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return finish.unified
    case 'context_length':
      return 'length'
    case 'error':
    case 'other':
      return 'stop'
    default: {
      const unreachable: never = finish.unified
      throw new Error(`unknown finish reason ${String(unreachable)}`)
    }
  }
}

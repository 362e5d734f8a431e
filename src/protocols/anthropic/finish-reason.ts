import type { Finish, FinishReason } from '../../ir/finish.ts'

const unifiedOf: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  model_context_window_exceeded: 'context_length',
  pause_turn: 'other',
}

/** An Anthropic `stop_reason` (and `stop_sequence`) as IR. */
export function decodeFinishReason(raw: unknown, stopSequence: unknown): Finish {
  if (typeof raw !== 'string') return { unified: 'stop' }
  const finish: Finish = { unified: unifiedOf[raw] ?? 'other', raw }
  if (typeof stopSequence === 'string') finish.stopSequence = stopSequence
  return finish
}

/**
 * The Anthropic `stop_reason` and `stop_sequence` for an IR finish (docs/protocols.md, "Finish reasons");
 * Anthropic raw values are kept.
 */
export function encodeFinishReason(finish: Finish): { stopReason: string; stopSequence: string | null } {
  const stopSequence = finish.stopSequence ?? null
  if (finish.raw !== undefined && unifiedOf[finish.raw] === finish.unified)
    return { stopReason: finish.raw, stopSequence }
  switch (finish.unified) {
    case 'stop':
      return { stopReason: stopSequence === null ? 'end_turn' : 'stop_sequence', stopSequence }
    case 'length':
    case 'context_length':
      return { stopReason: 'max_tokens', stopSequence }
    case 'tool_calls':
      return { stopReason: 'tool_use', stopSequence }
    case 'content_filter':
      return { stopReason: 'refusal', stopSequence }
    case 'error':
    case 'other':
      return { stopReason: 'end_turn', stopSequence }
    default: {
      const unreachable: never = finish.unified
      throw new Error(`unknown finish reason ${String(unreachable)}`)
    }
  }
}

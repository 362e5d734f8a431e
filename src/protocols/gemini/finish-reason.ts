import type { Finish, FinishReason } from '../../ir/finish.ts'

/** Gemini finish and block reasons that mean "filtered or refused" (docs/protocols.md, "Finish reasons"). */
const filtered = new Set([
  'SAFETY',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'RECITATION',
  'IMAGE_RECITATION',
  'LANGUAGE',
  'NO_IMAGE',
  'IMAGE_OTHER',
  'MODEL_ARMOR',
])

/**
 * Maps a Gemini `finishReason` to the IR, raw kept. Gemini reports `STOP` after tool calls, so a turn with
 * function calls is `tool_calls`. Chosen mapping for the values peers disagree on (docs/protocols.md
 * pitfall 43): `RECITATION` → `content_filter`; `OTHER` and the malformed-tool-call reasons → `other`
 * (clients see a normal stop; the raw value stays in the log).
 */
export function decodeFinishReason(raw: string | undefined, sawToolCall: boolean): Finish {
  const finish = (unified: FinishReason): Finish => (raw === undefined ? { unified } : { unified, raw })
  if (raw !== undefined && filtered.has(raw)) return finish('content_filter')
  if (sawToolCall) return finish('tool_calls')
  if (raw === undefined || raw === 'STOP') return finish('stop')
  if (raw === 'MAX_TOKENS') return finish('length')
  return finish('other')
}

/** A `promptFeedback.blockReason` (no candidates at all) is a refusal of the prompt. */
export function decodeBlockReason(blockReason: string): Finish {
  return { unified: 'content_filter', raw: blockReason }
}

/** Maps an IR finish back to a Gemini `finishReason` (Gemini as the client protocol). */
export function encodeFinishReason(finish: Finish): string {
  const raw = finish.raw
  if (raw !== undefined && /^[A-Z_]+$/.test(raw) && raw !== 'STOP' && raw !== 'MAX_TOKENS') return raw
  switch (finish.unified) {
    case 'length':
    case 'context_length':
      return 'MAX_TOKENS'
    case 'content_filter':
      return 'SAFETY'
    case 'other':
    case 'error':
      return 'OTHER'
    case 'stop':
    case 'tool_calls':
      return 'STOP'
    default: {
      const unreachable: never = finish.unified
      throw new Error(`unknown finish reason ${String(unreachable)}`)
    }
  }
}

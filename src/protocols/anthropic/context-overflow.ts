import type { ErrorReason } from '../../ir/errors.ts'

// Anthropic's two wordings for a prompt past the context window: the prompt alone ("prompt is too long:
// 210000 tokens > 200000 maximum"), and the prompt plus `max_tokens` ("input length and `max_tokens`
// exceed context limit: 188240 + 21333 > 200000 …").
const overflowWording = /^prompt is too long\b|exceed context limit/i

/** `context_overflow` for an Anthropic 400 that says the prompt does not fit the model's context window. */
export function contextOverflowReason(
  status: number,
  type: string | undefined,
  message: string | undefined,
): ErrorReason | undefined {
  if (status !== 400 || type !== 'invalid_request_error' || message === undefined) return undefined
  return overflowWording.test(message) ? 'context_overflow' : undefined
}

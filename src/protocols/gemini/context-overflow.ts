import type { ErrorReason } from '../../ir/errors.ts'

// Gemini's wording: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."
const overflowWording = /input token count\b.*\bexceeds the maximum number of tokens/i

/** `context_overflow` for a Gemini `INVALID_ARGUMENT` that says the prompt does not fit the model's context window. */
export function contextOverflowReason(
  status: number,
  rpcStatus: string | undefined,
  message: string | undefined,
): ErrorReason | undefined {
  if (status !== 400 || rpcStatus !== 'INVALID_ARGUMENT' || message === undefined) return undefined
  return overflowWording.test(message) ? 'context_overflow' : undefined
}

import type { ErrorReason } from '../../ir/errors.ts'

// OpenAI says `context_length_exceeded`; OpenAI-compatible servers (vLLM and the like) often send no code
// and only OpenAI's older wording, "This model's maximum context length is 32768 tokens. However, …".
const overflowWording = /maximum context length is/i

/** `context_overflow` for an OpenAI-protocol error that says the prompt does not fit the model's context window. */
export function contextOverflowReason(
  status: number,
  code: string | undefined,
  message: string | undefined,
): ErrorReason | undefined {
  if (code === 'context_length_exceeded') return 'context_overflow'
  return status === 400 && message !== undefined && overflowWording.test(message) ? 'context_overflow' : undefined
}

/** The wire protocols pinai speaks. */
export type ProtocolName = 'openai' | 'anthropic' | 'gemini' | 'openai-responses'

/**
 * Who produced an opaque value (a thinking signature, a Gemini thought signature, a provider-only tool):
 * such values are replayed only to the protocol (and ideally the model) that made them.
 */
export interface Origin {
  protocol: ProtocolName
  model?: string
}

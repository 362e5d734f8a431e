/**
 * Token usage, in the cache-inclusive convention OpenAI uses (docs/protocols.md, "Usage"): `inputTokens` counts
 * every prompt token, cached reads and cache writes included; `outputTokens` includes reasoning tokens.
 */
export interface Usage {
  inputTokens: number
  outputTokens: number
  /** Prompt tokens read from a cache (part of `inputTokens`). Undefined when the upstream said nothing. */
  cacheReadTokens?: number
  /** Prompt tokens written to a cache (part of `inputTokens`). */
  cacheWriteTokens?: number
  /** Reasoning tokens (part of `outputTokens`). */
  reasoningTokens?: number
}

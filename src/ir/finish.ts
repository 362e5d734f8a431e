/**
 * Why generation ended, protocol-neutral: `stop` natural end or stop sequence; `length` token cap;
 * `tool_calls` the model called tools; `content_filter` blocked or refused; `context_length` the context
 * window ran out; `error` the upstream failed; `other` anything else (raw value kept).
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'context_length' | 'error' | 'other'

/** A finish reason with the upstream's own value beside it (so a same-protocol trip loses nothing). */
export interface Finish {
  unified: FinishReason
  /** The upstream's value (`end_turn`, `tool_calls`, `MAX_TOKENS` …). */
  raw?: string
  /** The stop sequence that matched, when the upstream says which. */
  stopSequence?: string
}

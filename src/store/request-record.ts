import type { AttemptRecord } from '../routing/attempt-record.ts'

/**
 * What a client request was: a model call (`generate`, the default when absent), an embeddings call,
 * or a `count_tokens` call. `count_tokens` calls are logged but are not model calls: they stay out of
 * the rollups (totals, success rate, TTFT, top lists), the live figures and the latency averages.
 */
export type RequestKind = 'generate' | 'embeddings' | 'count_tokens'

/** Whether records of this kind count as model calls in the statistics. */
export function countsAsCall(kind: RequestKind | undefined): boolean {
  return kind !== 'count_tokens'
}

/** One row per client request: what the recorder writes and the logs API reads. */
export interface RequestRecord {
  /** Unique id (a time-ordered UUID, version 7), assigned by the gateway. */
  id: string
  /** Start of the request, milliseconds since the epoch. */
  time: number
  /** The client's name (from `auth.clients`), or `default` / `anonymous`. */
  client: string
  /** `openai` or `anthropic`: the protocol the client spoke. */
  inbound: string
  /** What the request was; absent means `generate`. */
  kind?: RequestKind
  /** The model name the client asked for. */
  requestedModel: string
  /** The name after `MODEL_MAPPING` / `modelMapping`. */
  mappedModel: string
  /** Final provider and upstream model (of the last attempt), when any attempt was made. */
  provider?: string
  upstreamModel?: string
  stream: boolean
  /** HTTP status the client got. */
  status: number
  success: boolean
  durationMs: number
  /** Time to first content byte of the successful attempt, in ms (failover time excluded). */
  ttftMs?: number
  promptTokens?: number
  completionTokens?: number
  cachedTokens?: number
  reasoningTokens?: number
  /** Short error summary for a failed request. */
  error?: string
  /** The error trace (the upstream's body, the chain of causes) for the detail view. */
  errorTrace?: string
  /** What translating the request dropped or changed (a hosted tool another upstream cannot run …), one line. */
  notes?: string
  attempts: AttemptRecord[]
}

// The admin API's answers as the dashboard reads them (README "Admin API").

/** `GET /api/config/status`. */
export interface ConfigStatus {
  file: string
  loadedAt: number
  lastError: { message: string; at?: number; file?: string } | string | null
}

/** `GET /api/stats/live`. */
export interface LiveStats {
  qps: number
  rpm: number
  inFlight: number
  perSecond: number[]
}

/** The window of a stats answer. */
export type RangeName = '24h' | '7d' | '30d'

/** `GET /api/stats/overview`. */
export interface StatsOverview {
  range: RangeName
  from: number
  to: number
  requests: number
  successes: number
  errors: number
  successRate: number | null
  avgTtftMs: number | null
  promptTokens: number
  completionTokens: number
}

/** One bucket of `GET /api/stats/series`. */
export interface StatsPoint {
  time: number
  requests: number
  errors: number
  promptTokens: number
  completionTokens: number
  avgTtftMs: number | null
}

/** `GET /api/stats/series`. */
export interface StatsSeries {
  range: RangeName
  bucketMs: number
  points: StatsPoint[]
}

/** One entry of a top-5 list. */
export interface TopEntry {
  name: string
  requests: number
  successes: number
  promptTokens: number
  completionTokens: number
  tokens: number
}

/** `GET /api/stats/top`. */
export interface StatsTop {
  modelsByCalls: TopEntry[]
  providersByCalls: TopEntry[]
  modelsByTokens: TopEntry[]
  providersByTokens: TopEntry[]
}

/** One upstream attempt of a request. */
export interface AttemptRecord {
  provider: string
  keyLabel: string
  upstreamModel: string
  status: number
  errorClass?: string
  error?: string
  durationMs: number
}

/** A row of `GET /api/logs`. */
export interface LogSummary {
  id: string
  time: number
  client: string
  inbound: string
  requestedModel: string
  mappedModel: string
  provider?: string
  upstreamModel?: string
  stream: boolean
  status: number
  success: boolean
  durationMs: number
  ttftMs?: number
  promptTokens?: number
  completionTokens?: number
  error?: string
  attemptCount?: number
}

/** `GET /api/logs`. */
export interface LogList {
  items: LogSummary[]
  nextCursor: string | null
}

/** `GET /api/logs/:id`. */
export interface LogRecord extends LogSummary {
  cachedTokens?: number
  reasoningTokens?: number
  errorTrace?: string
  /** What translating the request dropped or changed (a hosted tool another upstream cannot run …). */
  notes?: string
  attempts: AttemptRecord[]
}

/** A model entry as written in the config. */
export type ModelEntry = string | { id: string; name?: string; enabled?: boolean }

/** A rename rule as written in the config. */
export type RewriteRule =
  | {
      kind: 'insert'
      text: string
      position: 'prefix' | 'suffix' | 'before' | 'after'
      anchor?: string
      enabled?: boolean
    }
  | { kind: 'replace'; from: string; to?: string; enabled?: boolean }
  | { kind: 'regex'; pattern: string; replace?: string; flags?: string; enabled?: boolean }
  | { kind: 'case'; to: 'upper' | 'lower'; enabled?: boolean }

/** A step of a rename pipeline: a preset name or a rule. */
export type RewriteStep = string | RewriteRule

/** A provider as written in the config (keys redacted: `***` or `${VAR}`). */
export interface ProviderSource {
  name: string
  protocol: 'openai' | 'anthropic' | 'gemini' | 'openai-responses'
  baseUrl: string
  keys?: string[]
  weight?: number
  priority?: number
  enabled?: boolean
  rewrite?: string | RewriteStep[]
  models?: ModelEntry[]
}

/** `GET /api/config`. */
export interface ConfigView {
  file: string
  loadedAt: number
  config: { providers?: ProviderSource[]; rewrite?: Record<string, RewriteStep[]> } & Record<string, unknown>
  lastError: ConfigStatus['lastError']
}

/** One row of `GET /api/health`. */
export interface ChannelHealth {
  id: string
  name: string
  provider: string
  keyLabel: string
  upstreamModel: string
  /** `limited`: healthy, but its key is at its limits or held by its upstream's rate-limit headers (until `until`, when known). */
  state: 'ok' | 'cooling' | 'half-open' | 'limited'
  scope?: string
  until?: number
  failures: number
  lastError?: { kind: string; status: number; message: string; at: number }
  latencyMs?: number
  latencySamples: number
  /** A whole answer's duration per output token, when measured. */
  latencyPerTokenMs?: number
  lastSuccessAt?: number
}

/** `GET /api/health`. */
export interface HealthView {
  open: boolean
  channels: ChannelHealth[]
}

/** What a plan does to one provider. */
export interface ProviderPlan {
  provider: string
  action: 'sync' | 'import' | 'unchanged-import' | 'edit'
  added: { id: string; name: string }[]
  removed: string[]
  renamed: { id: string; from: string; to: string }[]
  error?: string
  notes: string[]
}

/** `POST /api/config/plan`. */
export interface PlanResponse {
  planId: string
  expiresAt: number
  changed: boolean
  diff: string
  providers: ProviderPlan[]
  problems: { where: string; message: string }[]
  summary: string
  env: string[]
}

/** `POST /api/config/apply`. */
export interface ApplyResponse {
  applied: boolean
  file: string
  diff: string
  envAdded: string[]
  reloaded?: boolean
}

/** `POST /api/channels/test`. */
export interface ChannelTestResult {
  provider: string
  keyLabel: string
  model: string
  ok: boolean
  status: number | null
  latencyMs: number
  message: string
}

/** `POST /api/config/rewrite`. */
export interface RewritePreview {
  pipeline: string
  names: {
    input: string
    output: string
    steps: { label: string; enabled: boolean; before: string; after: string }[]
  }[]
}

/** A config edit the plan API takes. */
export type ConfigEdit =
  | { op: 'add-models'; provider: string; models: (string | { id: string; name?: string })[] }
  | { op: 'remove-models'; provider: string; ids: string[] }
  | {
      op: 'add-provider'
      provider: { name: string; protocol: string; baseUrl: string; keys: string[]; models?: string[] }
    }
  | { op: 'rename-model'; provider: string; id: string; name?: string }
  | { op: 'remove-provider'; provider: string }
  | {
      op: 'set-provider'
      provider: string
      fields: { enabled?: boolean | null; weight?: number | null; priority?: number | null }
    }
  | { op: 'set-pipeline'; name: string; steps: RewriteStep[] | null }

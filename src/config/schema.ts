import * as v from 'valibot'
import { byteSize, positiveByteSize } from './byte-size.ts'
import { duration } from './duration.ts'
import { rewritePipeline } from './rewrite-rule.ts'

const name = v.pipe(v.string(), v.minLength(1, 'must not be empty'))

const httpUrl = v.pipe(
  v.string(),
  v.url('invalid URL'),
  v.check((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://'),
)

/** Timeouts; each may be set globally (`routing`) and per provider. */
const timeouts = {
  /** Connecting to the upstream (TCP + TLS). */
  connectTimeout: v.optional(duration),
  /** From sending the request to the first byte of the answer; fails over. */
  firstByteTimeout: v.optional(duration),
  /** Longest silence between two chunks of a stream. */
  idleTimeout: v.optional(duration),
  /** Whole attempt, first byte to last. */
  totalTimeout: v.optional(duration),
}

/** A model entry: the upstream id, or `{ id, name }` where `name` is what clients ask for. */
export const modelEntry = v.union([
  name,
  v.strictObject({
    id: name,
    name: v.optional(name),
    enabled: v.optional(v.boolean(), true),
    /** Whether the model takes a reasoning effort; overrides the provider's `reasoning` (README.md, "Client API"). */
    reasoning: v.optional(v.boolean()),
    /** The name was made by a rename pipeline, so `pinai plan --rename` may change it; without it a name is pinned. */
    auto: v.optional(v.boolean()),
  }),
])

/** One upstream endpoint. */
export const provider = v.strictObject({
  name,
  protocol: v.picklist(
    ['openai', 'anthropic', 'gemini', 'openai-responses'],
    'must be openai, anthropic, gemini or openai-responses',
  ),
  baseUrl: httpUrl,
  /** API keys (as `${VAR}` references); rotated; an empty value is dropped (for servers without auth). */
  keys: v.optional(v.array(v.string()), []),
  weight: v.optional(v.pipe(v.number(), v.minValue(0)), 1),
  priority: v.optional(v.pipe(v.number(), v.integer()), 0),
  enabled: v.optional(v.boolean(), true),
  /** The rename pipeline used when models are synced or imported. */
  rewrite: v.optional(v.string()),
  /**
   * Whether this provider's models take a reasoning effort (OpenAI `reasoning_effort`) translated from
   * another protocol's thinking settings; unset: only models whose id names a reasoning family do.
   */
  reasoning: v.optional(v.boolean()),
  /** Extra headers sent to this upstream, added last. */
  headers: v.optional(v.record(v.string(), v.string())),
  /**
   * When a 200 is a failure (README, "Routing and failover"): `bodyContains` lists this relay's own
   * error phrases, added to the built-in ones and looked for in a short first content.
   */
  failoverOn: v.optional(v.strictObject({ bodyContains: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []) })),
  /**
   * This relay's budgets, each per key (README.md, "Limits per channel"): a key at its limit is skipped
   * like a cooling one.
   */
  limits: v.optional(
    v.strictObject({
      /** Requests per minute per key (a sliding window). */
      rpm: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      /** Prompt and completion tokens per minute per key (the prompt estimated up front, corrected with the reported usage). */
      tpm: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      /** Attempts running at once per key (a stream counts until it ends). */
      concurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
  ),
  ...timeouts,
  models: v.optional(v.array(modelEntry), []),
})

const client = v.strictObject({
  name,
  token: v.string(),
  /** Allowed model names; `*` wildcards; all when absent. */
  models: v.optional(v.array(v.string())),
  /** This client's budgets per minute, per process; over one, a 429 with `Retry-After` (README.md, "Routing and failover"). */
  limits: v.optional(
    v.strictObject({
      /** Requests per minute (a sliding window). */
      rpm: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      /** Prompt and completion tokens per minute (a sliding window). */
      tpm: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
  ),
})

const storage = v.union([
  v.string(),
  v.strictObject({
    url: v.optional(v.string()),
    /** How long request logs are kept. */
    retention: v.optional(duration),
    /** How often the embedded SQLite store appends new records to its journal (a crash loses at most this much). */
    flushInterval: v.optional(duration),
    /** Most the embedded SQLite database may hold before its oldest request rows are pruned (rollups are kept); 0 for no cap. */
    maxSize: v.optional(byteSize),
  }),
])

/** The whole `pinai.config.ts`, as the user writes it. Strict: unknown keys are errors. */
export const configSchema = v.strictObject({
  /** The JSON Schema an editor completes a `.json` or `.yaml` config from; pinai ignores it. */
  $schema: v.optional(v.string()),
  server: v.optional(
    v.strictObject({
      port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
      host: v.optional(v.string()),
      /** Serve the dashboard from the gateway (ENABLE_WEB). */
      web: v.optional(v.boolean()),
      /** Largest request body accepted (the same as `limits.requestBody`, which wins). */
      bodyLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      /**
       * Browser origins allowed to call pinai (`https://app.example`), or `'*'`. Default: any origin for
       * the client API when tokens are set, none in no-auth mode; the admin API only the listed ones.
       */
      cors: v.optional(v.strictObject({ origins: v.optional(v.union([v.literal('*'), v.array(v.string())])) })),
      /** Host names the admin API answers besides localhost, IP addresses and the listen host (DNS rebinding). */
      allowedHosts: v.optional(v.array(v.string())),
      /** Bounds on what clients and upstreams may send (docs/security.md); each has a default. */
      limits: v.optional(
        v.strictObject({
          /** Largest client request body (413 while it is still arriving). Default 32 MiB. */
          requestBody: v.optional(positiveByteSize),
          /** Largest whole (non-stream) upstream answer (a 502 naming the provider, failover). Default 64 MiB. */
          upstreamBody: v.optional(positiveByteSize),
          /** Largest single SSE event from an upstream. Default 16 MiB. */
          sseFrame: v.optional(positiveByteSize),
        }),
        {},
      ),
      /** How long a stopping pinai lets requests and streams in flight finish (SIGTERM, SIGINT). Default 30 s. */
      shutdownGrace: v.optional(duration),
      /** Who may read `GET /metrics`: the admin token's holders (default) or anyone who reaches the port. */
      metrics: v.optional(v.picklist(['admin', 'public'])),
      /** One line per request on stdout (redacted, control characters escaped). Default true. */
      accessLog: v.optional(v.boolean()),
    }),
    {},
  ),
  auth: v.optional(
    v.strictObject({
      tokens: v.optional(v.array(v.string()), []),
      adminToken: v.optional(v.string()),
      clients: v.optional(v.array(client), []),
    }),
    {},
  ),
  storage: v.optional(storage),
  routing: v.optional(
    v.strictObject({
      strategy: v.optional(v.picklist(['weighted', 'round-robin', 'least-latency']), 'weighted'),
      /** least-latency: share of requests (0–1) that probe slower providers while faster ones are available (default 0.05). */
      latencyProbeShare: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
      maxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 4),
      /** Total deadline of a client request across all attempts. */
      deadline: v.optional(duration),
      /** How long a request waits for a key under its limits when every channel is at its limit, before its 429 (default 3 s). */
      queueTimeout: v.optional(duration),
      ...timeouts,
      /** Interval of SSE keep-alive comments while a stream waits for its first token. */
      keepAliveInterval: v.optional(duration),
      cooldown: v.optional(v.strictObject({ base: v.optional(duration), max: v.optional(duration) }), {}),
      /** 'session': an agent session keeps going to the channel that served it last, for the upstream's prompt cache. */
      affinity: v.optional(v.picklist(['session', 'none']), 'session'),
      /** How long a session is remembered after its last answer (default 10m). */
      affinityTtl: v.optional(duration),
    }),
    {},
  ),
  /** Renames the requested model before routing (`MODEL_MAPPING`). */
  modelMapping: v.optional(v.record(v.string(), v.string()), {}),
  /** Names tried in order when every channel of a (mapped) name failed or cannot be tried. */
  fallbacks: v.optional(v.record(v.string(), v.array(v.string())), {}),
  /** Upstream User-Agent: '' passes the client's, 'default' the HTTP client's, anything else as is. */
  userAgent: v.optional(v.string(), ''),
  /** Named rename pipelines. */
  rewrite: v.optional(v.record(v.string(), rewritePipeline), {}),
  providers: v.optional(v.array(provider), []),
})

/** The config as written (before defaults and duration parsing). */
export type PinaiConfigInput = v.InferInput<typeof configSchema>
/** The config after validation: defaults filled, durations in milliseconds. */
export type PinaiConfig = v.InferOutput<typeof configSchema>
/** One provider after validation. */
export type ProviderConfig = PinaiConfig['providers'][number]
/** One model entry after validation. */
export type ModelEntry = ProviderConfig['models'][number]

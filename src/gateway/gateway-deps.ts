import type { CodecWarnings } from './codec-warnings.ts'
import type { ConfigHolder } from '../config/config-holder.ts'
import type { Health, SessionAffinity } from '../routing/index.ts'
import type { HttpClient } from '../upstream/http-client.ts'
import type { Recorder, Store } from '../store/index.ts'
import type { ConfigAdmin } from '../gitops/config-admin.ts'
import type { GatewayState } from './gateway-state.ts'
import type { RequestTracker } from './request-tracker.ts'
import type { GatewayMetrics } from './gateway-metrics.ts'
import type { ClientLimiter } from './client-limits.ts'
import type { Codecs } from '../protocols/index.ts'

/** A logger with levels; secrets never reach it. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** What the gateway's handlers share: state per config, the HTTP client, health, the log sink. */
export interface GatewayDeps {
  state(): GatewayState
  holder: Pick<ConfigHolder, 'current' | 'lastError'>
  http: HttpClient
  health: Health
  /** Which channel served each agent session last (per process, kept across config reloads). */
  affinity: SessionAffinity
  /** Where request records go; it also follows what is under way, for shutdown. */
  sink: RequestTracker
  /** The request log's store and recorder, when storage is on. */
  stats: { store: Store; recorder: Recorder } | undefined
  /** The config part of the admin API (plan and apply, the same engine as the CLI). */
  configAdmin: ConfigAdmin
  now: () => number
  /** Every client's request and token budgets, kept across config reloads. */
  clientLimits: ClientLimiter
  logger: Logger
  /** This gateway's codecs, by protocol (they report what they drop to `logger`; Gemini's side caches live in them). */
  codecs: Codecs
  /** The codecs' logger: their warnings also reach the record of the request being translated. */
  codecWarnings: CodecWarnings
  /** This gateway's Prometheus metrics (`GET /metrics`). */
  metrics: GatewayMetrics
  /** The host the Node server listens on, when it names one (the admin API's Host check accepts it). */
  listenHost(): string | undefined
}

import type { LoadedConfig } from '../config/load-config.ts'
import type { PinaiConfig } from '../config/schema.ts'
import { createClientAuth, type ClientAuth } from './auth.ts'
import { limitsOf, type Limits } from './limits.ts'
import { corsPolicyOf, type CorsPolicy } from './cors.ts'
import { createUpstreamUrls, type UpstreamUrls } from '../upstream/upstream-urls.ts'
import { createRedactor, secretsOf, type Redactor } from '../config/redactor.ts'
import {
  createKeyLimits,
  createRoutingTable,
  createSelector,
  routingSettings,
  type Health,
  type KeyLimits,
  type RoutingSettings,
  type RoutingTable,
  type Selector,
} from '../routing/index.ts'

/** What a request reads once at its start: the config and everything derived from it. */
export interface GatewayState {
  config: PinaiConfig
  loaded: LoadedConfig
  settings: RoutingSettings
  table: RoutingTable
  selector: Selector
  /** The keys' budgets (`providers[].limits`); one per process, shared by every state. */
  keyLimits: KeyLimits
  limits: Limits
  /** Removes every secret this config resolved from a text (error bodies, records, logs, the admin API). */
  redact: Redactor
  /** Which browser origins may call the client and admin APIs. */
  cors: CorsPolicy
  /** The client tokens' digests and the callers let in, for this config only. */
  auth: ClientAuth
  /** The upstream URLs parsed for this config's providers. */
  upstreamUrls: UpstreamUrls
}

/** Builds the state for a freshly loaded config (health and the key limits are shared across configs). */
export function buildState(
  loaded: LoadedConfig,
  health: Health,
  random: () => number,
  now: () => number,
  keyLimits: KeyLimits = createKeyLimits({ now }),
): GatewayState {
  const config = loaded.config
  const settings = routingSettings(config.routing)
  // Cooldown bounds follow the config; the cooling state itself survives the reload.
  health.configure({ cooldownBase: settings.cooldownBase, cooldownMax: settings.cooldownMax })
  const table = createRoutingTable(config)
  return {
    config,
    loaded,
    settings,
    table,
    selector: createSelector({
      strategy: settings.strategy,
      latencyProbeShare: settings.latencyProbeShare,
      table,
      health,
      keyLimits,
      random,
      now,
    }),
    keyLimits,
    limits: limitsOf(config),
    redact: createRedactor(secretsOf(config)),
    cors: corsPolicyOf(config),
    auth: createClientAuth(config),
    upstreamUrls: createUpstreamUrls(),
  }
}

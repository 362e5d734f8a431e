export { type Channel, keyLabelOf, channelIdOf } from './channel.ts'
export { createRoutingTable, type RoutingTable } from './create-routing-table.ts'
export { mapModel } from './map-model.ts'
export { isModelAllowed } from './is-model-allowed.ts'
export { resolveCandidates, type Candidates } from './resolve-candidates.ts'
export {
  routingSettings,
  routingDefaults,
  timeoutsFor,
  type RoutingSettings,
  type Timeouts,
} from './routing-settings.ts'
export type {
  Health,
  HealthOptions,
  ChannelHealth,
  HealthState,
  HealthScope,
  LastError,
  LatencyStats,
} from './health.ts'
export { createHealth } from './create-health.ts'
export { createKeyLimits, type KeyLimits, type KeyLimitsOptions } from './key-limits.ts'
export { channelStates, channelStatesOf, type ChannelState, type ChannelStatus } from './channel-states.ts'
export { createSelector, type Selector, type SelectorOptions, type PickOptions } from './create-selector.ts'
export { runWithFailover, type FailoverOptions, type FailoverResult } from './run-with-failover.ts'
export { SessionAffinity, type SessionAffinityOptions } from './session-affinity.ts'
export type { AttemptInfo } from './settle-attempt.ts'
export { FailoverError, attemptsOf, exhaustedError } from './failover-error.ts'
export { upstreamStatusOf } from './attempt-record.ts'
export type { AttemptRecord } from './attempt-record.ts'
export {
  unknownModelError,
  modelNotAllowedError,
  noChannelError,
  channelsAtLimitError,
  deadlineError,
  abortedError,
} from './routing-errors.ts'
export { takesReasoning } from './takes-reasoning.ts'

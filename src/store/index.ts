// The store subsystem: request logs, per-minute rollups, live figures, and the admin API behind them.
export type { RequestRecord } from './request-record.ts'
export type {
  AggregateQuery,
  AggregateRow,
  LogPosition,
  LogQuery,
  LogSummary,
  PruneOptions,
  PruneResult,
  Store,
  StoreDriver,
} from './store.ts'
export { openStore, parseStoreUrl, type OpenStoreOptions, type StoreTarget } from './open-store.ts'
export {
  createRecorder,
  type Recorder,
  type RecorderLogger,
  type RecorderOptions,
  type RecorderStatus,
} from './recorder.ts'
export type { LiveStats } from './live-stats.ts'
export { StoreLockedError } from './drivers/file-lock.ts'
export {
  getLog,
  listLogs,
  statsLive,
  statsOverview,
  statsSeries,
  statsTop,
  type LogList,
  type StatsOverview,
  type StatsPoint,
  type StatsSeries,
  type StatsTop,
  type TopEntry,
} from './admin-stats.ts'
export { STATS_RANGES, type StatsRangeName } from './stats-range.ts'

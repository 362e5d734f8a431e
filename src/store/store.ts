import type { RequestRecord } from './request-record.ts'

/** Which driver backs a {@link Store}. */
export type StoreDriver = 'memory' | 'sqljs' | 'postgres' | 'mysql'

/** A logged request without its attempts and error trace: one row of the logs list. */
export type LogSummary = Omit<RequestRecord, 'attempts' | 'errorTrace'> & { attemptCount: number }

/** Where a page of logs continues: the last row of the previous page. */
export interface LogPosition {
  time: number
  id: string
}

/** Filters of the logs list; rows come newest first (time, then id, descending). */
export interface LogQuery {
  /** Inclusive lower bound on the request's start, ms since the epoch. */
  from?: number
  /** Exclusive upper bound on the request's start. */
  to?: number
  /** Matches the requested or the mapped model name exactly. */
  model?: string
  provider?: string
  success?: boolean
  stream?: boolean
  /** Rows strictly after this position in the newest-first order. */
  after?: LogPosition
  limit: number
}

/** A range of per-minute rollups to sum, optionally by time bucket and/or by model or provider. */
export interface AggregateQuery {
  /** Inclusive lower bound on the rollup minute (a multiple of 60 000 ms). */
  from: number
  /** Exclusive upper bound on the rollup minute. */
  to: number
  /** Sum into buckets of this many ms, aligned to the epoch (a multiple of 60 000). */
  bucketMs?: number
  /** Sum per mapped model or per final provider (`''` for requests that reached none). */
  groupBy?: 'model' | 'provider'
}

/** Sums of the rollups of one group; without grouping, exactly one row (zeros when empty). */
export interface AggregateRow {
  /** Start of the bucket, when the query had `bucketMs`. */
  bucket?: number
  /** The model or provider, when the query had `groupBy`. */
  key?: string
  requests: number
  successes: number
  /** Sum and count of TTFT over streamed requests that recorded one. */
  ttftSum: number
  ttftCount: number
  promptTokens: number
  completionTokens: number
}

/** Cut-offs for retention: rows and rollups older than these are deleted. */
export interface PruneOptions {
  /** Delete request rows (and their attempts) that started before this time. */
  before: number
  /** Delete rollup minutes before this time; rollups are kept when absent. */
  rollupsBefore?: number
}

/** How many rows a prune deleted. */
export interface PruneResult {
  requests: number
  rollups: number
}

/** The narrow storage interface every driver implements; the contract suite in test/store checks them all. */
export interface Store {
  readonly driver: StoreDriver
  /** Stores records with their attempts and folds them into the rollups, atomically; known ids are skipped. */
  insert(records: readonly RequestRecord[]): Promise<void>
  /** A page of the logs list, newest first. */
  listLogs(query: LogQuery): Promise<LogSummary[]>
  /** One request with its attempts and error trace, or undefined. */
  getLog(id: string): Promise<RequestRecord | undefined>
  /** Sums of the per-minute rollups; never reads raw rows. */
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>
  /** Retention: deletes old rows and rollups. */
  prune(options: PruneOptions): Promise<PruneResult>
  /** Releases connections; the sql.js driver writes the file a last time and frees its lock. */
  close(): Promise<void>
}

import type { RequestRecord } from '../request-record.ts'
import { addRollup, rollupRecords, type RollupDelta } from '../rollup.ts'
import type { AggregateQuery, AggregateRow, LogQuery, LogSummary, PruneOptions, PruneResult, Store } from '../store.ts'
import { summarizeRecord } from '../summarize-record.ts'

function newestFirst(a: RequestRecord, b: RequestRecord): number {
  if (a.time !== b.time) return b.time - a.time
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

function matches(record: RequestRecord, query: LogQuery): boolean {
  if (query.from !== undefined && record.time < query.from) return false
  if (query.to !== undefined && record.time >= query.to) return false
  if (query.model !== undefined && record.requestedModel !== query.model && record.mappedModel !== query.model)
    return false
  if (query.provider !== undefined && record.provider !== query.provider) return false
  if (query.success !== undefined && record.success !== query.success) return false
  if (query.stream !== undefined && record.stream !== query.stream) return false
  const after = query.after
  if (after && !(record.time < after.time || (record.time === after.time && record.id < after.id))) return false
  return true
}

function groupKey(row: RollupDelta, query: AggregateQuery): string {
  const bucket = query.bucketMs ? row.minute - (row.minute % query.bucketMs) : ''
  const key = query.groupBy === 'model' ? row.model : query.groupBy === 'provider' ? row.provider : ''
  return JSON.stringify([bucket, key])
}

function emptyRow(): AggregateRow {
  return { requests: 0, successes: 0, ttftSum: 0, ttftCount: 0, promptTokens: 0, completionTokens: 0 }
}

/** Creates a store that keeps everything in this process's memory: for tests, gone on exit. */
export function createMemoryStore(): Store {
  const records = new Map<string, RequestRecord>()
  const rollups = new Map<string, RollupDelta>()
  let closed = false

  function assertOpen(): void {
    if (closed) throw new Error('memory store is closed')
  }

  return {
    driver: 'memory',

    async insert(batch) {
      assertOpen()
      const fresh: RequestRecord[] = []
      for (const record of batch) {
        if (records.has(record.id)) continue
        const copy = structuredClone(record)
        records.set(record.id, copy)
        fresh.push(copy)
      }
      for (const delta of rollupRecords(fresh)) {
        const key = JSON.stringify([delta.minute, delta.model, delta.provider])
        const row = rollups.get(key)
        if (row) addRollup(row, delta)
        else rollups.set(key, { ...delta })
      }
    },

    async listLogs(query) {
      assertOpen()
      const page: LogSummary[] = []
      const sorted = [...records.values()].filter((record) => matches(record, query)).sort(newestFirst)
      for (const record of sorted.slice(0, query.limit)) page.push(summarizeRecord(structuredClone(record)))
      return page
    },

    async getLog(id) {
      assertOpen()
      const record = records.get(id)
      return record ? structuredClone(record) : undefined
    },

    async aggregate(query) {
      assertOpen()
      const groups = new Map<string, AggregateRow>()
      // Without grouping there is always exactly one row, as SQL's SUM over no rows gives.
      if (!query.bucketMs && !query.groupBy) groups.set(JSON.stringify(['', '']), emptyRow())
      for (const row of rollups.values()) {
        if (row.minute < query.from || row.minute >= query.to) continue
        const key = groupKey(row, query)
        let sum = groups.get(key)
        if (!sum) {
          sum = emptyRow()
          if (query.bucketMs) sum.bucket = row.minute - (row.minute % query.bucketMs)
          if (query.groupBy) sum.key = query.groupBy === 'model' ? row.model : row.provider
          groups.set(key, sum)
        }
        addRollup(sum, row)
      }
      return [...groups.values()].sort(
        (a, b) => (a.bucket ?? 0) - (b.bucket ?? 0) || ((a.key ?? '') < (b.key ?? '') ? -1 : 1),
      )
    },

    async prune(options: PruneOptions): Promise<PruneResult> {
      assertOpen()
      const result: PruneResult = { requests: 0, rollups: 0 }
      for (const [id, record] of records) {
        if (record.time >= options.before) continue
        records.delete(id)
        result.requests += 1
      }
      const rollupsBefore = options.rollupsBefore
      if (rollupsBefore === undefined) return result
      for (const [key, row] of rollups) {
        if (row.minute >= rollupsBefore) continue
        rollups.delete(key)
        result.rollups += 1
      }
      return result
    },

    async close() {
      closed = true
    },
  }
}

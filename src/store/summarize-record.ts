import type { RequestRecord } from './request-record.ts'
import type { LogSummary } from './store.ts'

/** The logs-list view of a record: everything but its attempts and trace, plus how many attempts it made. */
export function summarizeRecord(record: RequestRecord): LogSummary {
  const { attempts, errorTrace: _trace, ...summary } = record
  return { ...summary, attemptCount: attempts.length }
}

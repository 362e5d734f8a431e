import type { RequestRecord } from '../store/request-record.ts'

/** How a request ended, in one word: for the metrics' `outcome` label and the access log. */
export type RecordOutcome = 'success' | 'error' | 'client_gone' | 'stream_error'

/**
 * A request's outcome from its written record: `client_gone` when the client closed it (499),
 * `stream_error` when a committed answer (status below 400) broke before its end, `error` for an
 * error answer.
 */
export function recordOutcome(record: RequestRecord): RecordOutcome {
  if (record.success) return 'success'
  if (record.status === 499) return 'client_gone'
  return record.status < 400 ? 'stream_error' : 'error'
}

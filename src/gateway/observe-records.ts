import type { RequestRecord } from '../store/request-record.ts'
import type { RecordSink } from './request-log.ts'

/** Something that reads each written request record (metrics, the access log). */
export type RecordObserver = (record: RequestRecord) => void

/**
 * A sink that hands each written record to `sink` and then to every observer. An observer that throws
 * loses that record for itself only: neither the request nor the store's copy is affected.
 */
export function observeRecords(sink: RecordSink | undefined, observers: readonly RecordObserver[]): RecordSink {
  const observed: RecordSink = {
    record(record) {
      sink?.record(record)
      for (const observe of observers) {
        try {
          observe(record)
        } catch {
          // Figures and log lines are best effort; the record itself has already reached the sink.
        }
      }
    },
  }
  if (sink?.begin) observed.begin = () => sink.begin?.() ?? noop
  if (sink?.opened) observed.opened = () => sink.opened?.()
  return observed
}

const noop = () => undefined

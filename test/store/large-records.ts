import type { RequestRecord } from '../../src/store/request-record.ts'
import { makeRecord } from './records.ts'

/** `count` records of about 1.2 KB each (a failed request with its trace), in batches of `batchSize`. */
export function* largeRecords(count: number, batchSize: number, end = Date.now()): Generator<RequestRecord[]> {
  const trace =
    'upstream 502 Bad Gateway: <html><body>nginx upstream timed out while reading response header</body></html>\n'.repeat(
      10,
    )
  for (let start = 0; start < count; start += batchSize) {
    const batch: RequestRecord[] = []
    for (let index = start; index < Math.min(count, start + batchSize); index++) {
      batch.push(
        makeRecord({
          id: `large-${index}`,
          time: end - index * 1000,
          success: false,
          status: 502,
          error: 'upstream 502',
          errorTrace: `${index} ${trace}`,
        }),
      )
    }
    yield batch
  }
}

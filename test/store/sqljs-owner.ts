// A separate pinai-like process that owns an sql.js database, driven over IPC by sqljs-file.test.ts:
// it opens the store, inserts what it is sent (or starts a snapshot), and reports back, until it is killed.
import { openSqlJsStore } from '../../src/store/drivers/sqljs.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'

const [path, interval, maxSize] = process.argv.slice(2)
if (!path || !process.send)
  throw new Error('usage: run with IPC: sqljs-owner.ts <path> <flushIntervalMs> [maxSizeBytes]')
const send = (message: unknown): void => void process.send?.(message)

try {
  const store = await openSqlJsStore(path, {
    flushIntervalMs: Number(interval ?? 200),
    ...(maxSize === undefined ? {} : { maxSizeBytes: Number(maxSize) }),
  })
  process.on('message', (message: { insert: RequestRecord[] } | { persist: true }) => {
    if ('persist' in message) {
      // Answered at once: the test kills this process while the snapshot is being written.
      void store.persist().catch(() => undefined)
      return send({ type: 'persisting' })
    }
    store.insert(message.insert).then(
      () => send({ type: 'inserted', count: message.insert.length }),
      (error: unknown) => send({ type: 'error', message: String(error) }),
    )
  })
  send({ type: 'open' })
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
}

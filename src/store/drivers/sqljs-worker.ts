import { readFile, unlink } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import initSqlJs from 'sql.js'
import type { Database } from 'sql.js'
import { migrate } from '../sql/migrate.ts'
import { createSqlStore } from '../sql/sql-store.ts'
import type { PruneOptions, PruneResult, Store } from '../store.ts'
import { createSerialQueue } from './serial-queue.ts'
import { createSqlJsClient } from './sqljs-client.ts'
import { createSqlJsInserter } from './sqljs-insert.ts'
import { createSqlJsPersistence, type SqlJsPersistence } from './sqljs-persistence.ts'
import type { SqlJsCall, SqlJsReply, SqlJsWorkerData } from './sqljs-protocol.ts'

// This thread owns the sql.js database. Its export is synchronous and takes ~100 ms for 40 MiB, which here
// stalls only this thread, never the gateway's event loop.

const port = parentPort
if (!port) throw new Error('sqljs-worker must run in a worker thread')
const data = workerData as SqlJsWorkerData

function reply(message: SqlJsReply): void {
  port?.postMessage(message)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function readDatabase(path: string | null): Promise<Uint8Array | undefined> {
  if (!path) return undefined
  await unlink(`${path}.tmp`).catch(() => {})
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

// Frees pages after a large prune so that the file shrinks instead of carrying empty pages.
function vacuumIfSparse(database: Database, persistence: SqlJsPersistence): void {
  const free = Number(database.exec('PRAGMA freelist_count')[0]?.values[0]?.[0] ?? 0)
  const pages = Number(database.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0)
  if (pages > 0 && free * 4 > pages) {
    database.exec('VACUUM')
    persistence.markDirty()
  }
}

async function start(): Promise<(call: SqlJsCall) => Promise<unknown>> {
  const SQL = await initSqlJs()
  const database = new SQL.Database(await readDatabase(data.path))
  // Calls run one at a time, so a transaction never interleaves with another call or with an export.
  const queue = createSerialQueue()
  const persistence = createSqlJsPersistence(database, data.path, queue)
  const client = createSqlJsClient(database, () => persistence.markDirty())
  try {
    await migrate(client)
  } catch (error) {
    throw new Error(`${data.path ?? ':memory:'} is not a usable SQLite database: ${messageOf(error)}`)
  }
  const store: Store = createSqlStore(client, 'sqljs')
  const insert = createSqlJsInserter(database, () => persistence.markDirty())
  persistence.start(data.flushIntervalMs, (error) => {
    reply({ type: 'warning', message: `pinai store: writing ${data.path} failed (${messageOf(error)}); retrying` })
  })

  const prune = async (options: PruneOptions): Promise<PruneResult> => {
    const result = await store.prune(options)
    if (result.requests + result.rollups > 0) vacuumIfSparse(database, persistence)
    return result
  }

  return async (call) => {
    switch (call.method) {
      case 'insert':
        return queue(async () => insert(...call.args))
      case 'listLogs':
        return queue(() => store.listLogs(...call.args))
      case 'getLog':
        return queue(() => store.getLog(...call.args))
      case 'aggregate':
        return queue(() => store.aggregate(...call.args))
      case 'prune':
        return queue(() => prune(...call.args))
      case 'persist':
        return persistence.persist()
      case 'close': {
        persistence.stop()
        const result = await persistence.persist()
        await queue(() => client.close())
        return result
      }
      default: {
        const unknown: never = call
        throw new Error(`unknown call ${JSON.stringify(unknown)}`)
      }
    }
  }
}

start().then(
  (handle) => {
    port.on('message', (call: SqlJsCall) => {
      handle(call).then(
        (value) => {
          reply({ type: 'result', id: call.id, value })
          if (call.method === 'close') port.close()
        },
        (error: unknown) => reply({ type: 'error', id: call.id, message: messageOf(error) }),
      )
    })
    reply({ type: 'ready' })
  },
  (error: unknown) => {
    reply({ type: 'failed', message: messageOf(error) })
    port.close()
  },
)

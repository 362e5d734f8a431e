import { readFile, unlink } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import initSqlJs from 'sql.js'
import type { Database } from 'sql.js'
import { migrate } from '../sql/migrate.ts'
import { createSqlStore } from '../sql/sql-store.ts'
import type { PruneOptions, Store } from '../store.ts'
import { createSqlJsClient } from './sqljs-client.ts'
import type { PersistResult, SqlJsCall, SqlJsReply, SqlJsWorkerData } from './sqljs-protocol.ts'
import { writeFileAtomic } from './write-file-atomic.ts'

// This thread owns the sql.js database. Its export is synchronous and takes ~150 ms for 34 MiB, which here
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
async function vacuumIfSparse(database: Database, markDirty: () => void): Promise<void> {
  const free = Number(database.exec('PRAGMA freelist_count')[0]?.values[0]?.[0] ?? 0)
  const pages = Number(database.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0)
  if (pages > 0 && free * 4 > pages) {
    database.exec('VACUUM')
    markDirty()
  }
}

async function start(): Promise<void> {
  const SQL = await initSqlJs()
  const database = new SQL.Database(await readDatabase(data.path))
  let dirty = false
  const markDirty = (): void => {
    dirty = true
  }
  const client = createSqlJsClient(database, markDirty)
  try {
    await migrate(client)
  } catch (error) {
    throw new Error(`${data.path ?? ':memory:'} is not a usable SQLite database: ${messageOf(error)}`)
  }
  const store: Store = createSqlStore(client, 'sqljs')

  // Calls run one at a time, so a transaction never interleaves with another call or with an export.
  let queue: Promise<unknown> = Promise.resolve()
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work)
    queue = next.catch(() => {})
    return next
  }
  let writing: Promise<unknown> = Promise.resolve()

  const persist = (): Promise<PersistResult> =>
    enqueue(async () => {
      if (!data.path || !dirty) return { written: false, bytes: 0 }
      dirty = false
      const bytes = database.export()
      const path = data.path
      const write = writing.then(() => writeFileAtomic(path, bytes))
      writing = write.catch(() => {})
      try {
        await write
      } catch (error) {
        dirty = true
        throw error
      }
      return { written: true, bytes: bytes.byteLength }
    })

  const timer = setInterval(() => {
    if (!dirty) return
    persist().catch((error: unknown) => {
      reply({ type: 'warning', message: `pinai store: writing ${data.path} failed (${messageOf(error)}); retrying` })
    })
  }, data.flushIntervalMs)

  const prune = async (options: PruneOptions) => {
    const result = await store.prune(options)
    if (result.requests + result.rollups > 0) await vacuumIfSparse(database, markDirty)
    return result
  }

  const handle = async (call: SqlJsCall): Promise<unknown> => {
    switch (call.method) {
      case 'insert':
        return enqueue(() => store.insert(...call.args))
      case 'listLogs':
        return enqueue(() => store.listLogs(...call.args))
      case 'getLog':
        return enqueue(() => store.getLog(...call.args))
      case 'aggregate':
        return enqueue(() => store.aggregate(...call.args))
      case 'prune':
        return enqueue(() => prune(...call.args))
      case 'persist':
        return persist()
      case 'close': {
        clearInterval(timer)
        const result = await persist()
        await enqueue(() => client.close())
        return result
      }
      default: {
        const unknown: never = call
        throw new Error(`unknown call ${JSON.stringify(unknown)}`)
      }
    }
  }

  port?.on('message', (call: SqlJsCall) => {
    handle(call).then(
      (value) => {
        reply({ type: 'result', id: call.id, value })
        if (call.method === 'close') port.close()
      },
      (error: unknown) => reply({ type: 'error', id: call.id, message: messageOf(error) }),
    )
  })
  reply({ type: 'ready' })
}

start().catch((error: unknown) => {
  reply({ type: 'failed', message: messageOf(error) })
  port.close()
})

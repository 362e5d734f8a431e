import { readFile, unlink } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import initSqlJs from 'sql.js'
import type { Database } from 'sql.js'
import type { RequestRecord } from '../request-record.ts'
import { migrate } from '../sql/migrate.ts'
import { createSqlStore } from '../sql/sql-store.ts'
import type { PruneOptions, PruneResult, Store } from '../store.ts'
import { createGarbageCollector } from './collect-garbage.ts'
import { openJournal, type Journal } from './journal.ts'
import { nodeJournalFiles } from './journal-files.ts'
import { readJournal } from './read-journal.ts'
import { createSerialQueue } from './serial-queue.ts'
import { readAppliedSeq } from './sqljs-applied-seq.ts'
import { createSqlJsClient } from './sqljs-client.ts'
import { createSqlJsInserter } from './sqljs-insert.ts'
import { createSqlJsNames } from './sqljs-names.ts'
import { createSqlJsPrune } from './sqljs-prune.ts'
import { createSqlJsPersistence, type SqlJsPersistence } from './sqljs-persistence.ts'
import type { SqlJsCall, SqlJsReply, SqlJsWorkerData } from './sqljs-protocol.ts'
import { fileBytes, sizeCapCutoff, usedBytes } from './sqljs-size-cap.ts'

// This thread owns the sql.js database. Its export is synchronous and takes ~100 ms for 40 MiB, which here
// stalls only this thread, never the gateway's event loop.

const port = parentPort
if (!port) throw new Error('sqljs-worker must run in a worker thread')
const data = workerData as SqlJsWorkerData

/** About what one rollup row takes (test/store/sqljs-rollup-year.test.ts measures 66 bytes). */
const ROLLUP_ROW_BYTES = 66

/**
 * The in-memory file grows by an eighth at a time into a new array buffer, leaving the old one for the GC,
 * which V8 frees only at a full collection (it starts one by itself after ~64 MiB of them): one is run each
 * time the file has grown by this much, so that growing to the size cap leaves at most ~8 times this behind.
 */
const COLLECT_AFTER_GROWTH_BYTES = 1 << 20

/** Records replayed per transaction at start: enough to write each page once, few enough that SQLite's rollback journal (in memory) stays small. */
const REPLAY_BATCH_RECORDS = 5_000

/** Journal lines buffered while the disk refuses them, before they are dropped for a snapshot to cover. */
const MAX_PENDING_JOURNAL_BYTES = 16 << 20

function reply(message: SqlJsReply): void {
  port?.postMessage(message)
}

function warn(message: string): void {
  reply({ type: 'warning', message })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function readSnapshot(path: string | null): Promise<Uint8Array | undefined> {
  if (!path) return undefined
  await unlink(`${path}.tmp`).catch(() => {})
  await unlink(`${path}.journal.tmp`).catch(() => {})
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

// Frees pages after a large prune so that the file shrinks instead of carrying empty pages.
function vacuumIfSparse(database: Database, persistence: SqlJsPersistence | undefined): void {
  const free = Number(database.exec('PRAGMA freelist_count')[0]?.values[0]?.[0] ?? 0)
  const pages = Number(database.exec('PRAGMA page_count')[0]?.values[0]?.[0] ?? 0)
  if (pages > 0 && free * 4 > pages) {
    database.exec('VACUUM')
    persistence?.markDirty()
  }
}

async function start(): Promise<(call: SqlJsCall) => Promise<unknown>> {
  const collectGarbage = createGarbageCollector()
  const SQL = await initSqlJs()
  let snapshot = await readSnapshot(data.path)
  const snapshotBytes = snapshot?.byteLength ?? 0
  const database = new SQL.Database(snapshot)
  snapshot = undefined
  // Calls run one at a time, so a transaction never interleaves with another call or with an export.
  const queue = createSerialQueue()
  // A change made outside the journal (the migrations at start) is written by the next snapshot.
  let persistence: SqlJsPersistence | undefined
  let changedOutsideJournal = false
  const client = createSqlJsClient(database, () => {
    if (persistence) persistence.markDirty()
    else changedOutsideJournal = true
  })
  let snapshotSeq: number
  try {
    // The rollback journal of each transaction in SQLite's own memory instead of a file in Emscripten's
    // in-memory file system, whose every new file and growth leaves an array buffer behind for the GC.
    database.exec('PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY')
    // A migration that rebuilt tables leaves their old pages free; the next snapshot (which the migration
    // already calls for) is written without them.
    if ((await migrate(client)).length > 0) vacuumIfSparse(database, undefined)
    snapshotSeq = readAppliedSeq(database)
  } catch (error) {
    throw new Error(`${data.path ?? ':memory:'} is not a usable SQLite database: ${messageOf(error)}`, { cause: error })
  }
  const store: Store = createSqlStore(client, 'sqljs')
  const names = createSqlJsNames(database)
  const inserter = createSqlJsInserter(database, names)
  const pruneRows = createSqlJsPrune(database, names)

  let journal: Journal | undefined
  // Insert calls not yet on disk, with the last journal entry each depends on, oldest first.
  const awaitingDisk: { seq: number; callId: number }[] = []
  const onDurable = (seq: number): void => {
    let through = 0
    while ((awaitingDisk[0]?.seq ?? Infinity) <= seq) through = awaitingDisk.shift()?.callId ?? through
    if (through > 0) reply({ type: 'durable', through })
  }

  const applyPrune = async (options: PruneOptions): Promise<PruneResult> => {
    const result = pruneRows(options)
    if (result.requests + result.rollups > 0) journal?.append({ prune: options })
    return result
  }

  let rollupsWarned = false
  const enforceSizeCap = async (): Promise<void> => {
    if (data.maxSizeBytes <= 0) return
    const before = sizeCapCutoff(database, data.maxSizeBytes)
    if (before === undefined) return
    await applyPrune({ before })
    if (rollupsWarned || usedBytes(database) <= data.maxSizeBytes) return
    // Still over after a prune: say so once if the rollups (never pruned by size) are why.
    const rollupBytes =
      ROLLUP_ROW_BYTES * Number(database.exec('SELECT COUNT(*) FROM pinai_rollups')[0]?.values[0]?.[0] ?? 0)
    if (rollupBytes * 2 < data.maxSizeBytes) return
    rollupsWarned = true
    warn(
      `pinai store: the per-minute statistics take about ${(rollupBytes / 2 ** 20).toFixed(1)} MiB, more than half of storage.maxSize ` +
        `(${(data.maxSizeBytes / 2 ** 20).toFixed(1)} MiB), so few request rows fit beside them; raise storage.maxSize or shorten storage.retention`,
    )
  }

  let collectedAtBytes = fileBytes(database)
  const collectAfterGrowth = (): void => {
    const bytes = fileBytes(database)
    if (bytes < collectedAtBytes) collectedAtBytes = bytes
    if (bytes - collectedAtBytes < COLLECT_AFTER_GROWTH_BYTES) return
    collectGarbage()
    collectedAtBytes = bytes
  }

  const applyInsert = async (records: readonly RequestRecord[]): Promise<void> => {
    const outcome = inserter(records)
    if (outcome.stored.length > 0) journal?.append({ insert: outcome.stored })
    for (const refused of outcome.refused) {
      warn(`pinai store: the database refused request record ${refused.id} (${refused.reason}); it is dropped`)
    }
    if (outcome.failure) throw outcome.failure
    await enforceSizeCap()
    collectAfterGrowth()
    persistence?.changed()
  }

  // The journal is replayed after the worker has said it is ready (the snapshot is loaded and migrated, so
  // a file that is not a database still fails the start): pinai listens meanwhile, and every call waits
  // for the replay. A replay that fails ends the thread without answering; the owner restarts it and
  // sends it the calls again.
  const loaded = (async () => {
    if (data.path) {
      const startedAt = performance.now()
      const journalPath = `${data.path}.journal`
      let replayed = 0
      // Many entries per transaction: a commit writes each page it changed once, so pages that consecutive
      // entries share (the ends of the tables and indexes, the rollups) are written once, not once per entry.
      let batched = 0
      const commit = () => {
        if (batched === 0) return
        database.exec('COMMIT')
        batched = 0
      }
      const read = await readJournal(journalPath, (entry) => {
        if (entry.seq <= snapshotSeq) return
        replayed += 1
        if (batched === 0) database.exec('BEGIN')
        if (!('insert' in entry)) {
          pruneRows(entry.prune)
          batched += 1
          return
        }
        batched += entry.insert.length
        const outcome = inserter(entry.insert)
        if (outcome.failure) throw outcome.failure
        if (batched >= REPLAY_BATCH_RECORDS) commit()
      })
      commit()
      if (read.discardedBytes > 0) {
        warn(
          `pinai store: the journal ${journalPath} ended in ${read.discardedBytes} bytes that are not a whole entry (a write cut short); they are ignored`,
        )
      }
      journal = await openJournal({
        path: journalPath,
        files: nodeJournalFiles,
        lastSeq: Math.max(read.lastSeq, snapshotSeq),
        validBytes: read.validBytes,
        maxPendingBytes: MAX_PENDING_JOURNAL_BYTES,
        onFailure: (error) =>
          warn(
            `pinai store: appending to the journal ${journalPath} failed (${messageOf(error)}); requests are still served and recorded in memory; retrying`,
          ),
        onRecovery: () => warn(`pinai store: the journal ${journalPath} is written again`),
      })
      persistence = createSqlJsPersistence({
        database,
        path: data.path,
        queue,
        journal,
        snapshotBytes,
        snapshotSeq,
        warn,
        onDurable,
        collectGarbage,
      })
      if (changedOutsideJournal) persistence.markDirty()
      persistence.start(data.flushIntervalMs)
      if (replayed > 0) {
        const elapsed = Math.round(performance.now() - startedAt)
        reply({ type: 'info', message: `pinai store: replayed ${replayed} journal entries in ${elapsed} ms` })
      }
    }
    // The snapshot as read from disk and the journal's parsed lines are garbage now: free them before serving.
    collectGarbage()
  })()
  const ready = loaded.catch((error: unknown) => {
    warn(`pinai store: replaying the journal of ${data.path} failed (${messageOf(error)})`)
    process.exit(1)
    return new Promise<never>(() => {})
  })

  const prune = async (options: PruneOptions): Promise<PruneResult> => {
    const result = await applyPrune(options)
    if (result.requests + result.rollups > 0) vacuumIfSparse(database, persistence)
    return result
  }

  return async (call) => {
    await ready
    switch (call.method) {
      case 'insert': {
        await queue(() => applyInsert(...call.args))
        if (journal) awaitingDisk.push({ seq: journal.lastSeq, callId: call.id })
        else reply({ type: 'durable', through: call.id })
        return undefined
      }
      case 'listLogs':
        return queue(() => store.listLogs(...call.args))
      case 'getLog':
        return queue(() => store.getLog(...call.args))
      case 'aggregate':
        return queue(() => store.aggregate(...call.args))
      case 'prune':
        return queue(() => prune(...call.args))
      case 'persist':
        return persistence ? persistence.persist() : { written: false, bytes: 0 }
      case 'memory': {
        const { heapUsed, heapTotal, arrayBuffers } = process.memoryUsage()
        return { heapUsed, heapTotal, arrayBuffers }
      }
      case 'close': {
        persistence?.stop()
        let result = { written: false, bytes: 0 }
        try {
          if (persistence) result = await persistence.persist()
        } catch (error) {
          // The journal was written first: what it holds comes back at the next start.
          warn(
            `pinai store: the last snapshot of ${data.path} failed (${messageOf(error)}); the journal keeps the records`,
          )
        }
        await journal?.close()
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

import type { Database } from 'sql.js'
import type { Journal } from './journal.ts'
import type { SerialQueue } from './serial-queue.ts'
import { writeAppliedSeq } from './sqljs-applied-seq.ts'
import type { PersistResult } from './sqljs-protocol.ts'
import { writeFileAtomic } from './write-file-atomic.ts'

/** A journal this much larger than the snapshot is folded into a new snapshot. */
const JOURNAL_SHARE = 1
/** Below this, a journal is never worth a snapshot: small databases would otherwise be rewritten often. */
const MIN_JOURNAL_BYTES = 1 << 20
/**
 * Under load the journal is written as soon as this much is waiting, not only every interval: a kill
 * then loses a fraction of a second, and each sync still carries hundreds of records.
 */
const EARLY_FLUSH_BYTES = 256 << 10
/** After a failed snapshot the next is tried after an interval that doubles up to this, not every tick. */
const MAX_SNAPSHOT_BACKOFF_MS = 60_000

/** What the persistence of an sql.js database works on. */
export interface SqlJsPersistenceOptions {
  database: Database
  path: string
  queue: SerialQueue
  journal: Journal
  /** Size of the snapshot loaded at start (0 when there was none). */
  snapshotBytes: number
  /** The last journal entry the loaded snapshot holds. */
  snapshotSeq: number
  warn(message: string): void
  /** Told, after every write, the number of the last entry that a crash would not lose. */
  onDurable(seq: number): void
  /** Run once a snapshot's export has been let go, so that its memory is freed now, not tens of MiB later. */
  collectGarbage?(): void
}

/** Journal + snapshot persistence of an sql.js database (docs/store.md). */
export interface SqlJsPersistence {
  /** A change the journal does not carry (a VACUUM) happened: the next snapshot must be written. */
  markDirty(): void
  /** Writes the journal, then a snapshot if anything changed since the last one; resolves once on disk. */
  persist(): Promise<PersistResult>
  /** Writes the journal every `intervalMs`, and a snapshot when the journal has outgrown the last one. */
  start(intervalMs: number): void
  /** Called after each change: writes the journal early when much is waiting. */
  changed(): void
  stop(): void
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Persists `database`: every interval, the journal's new lines are appended and synced (so a crash loses
 * at most one interval); when the journal has grown past the snapshot's size (or entries had to be
 * dropped while the disk was full), the database is exported and atomically replaces the snapshot, and
 * the journal restarts. The export runs in `queue`, between calls, so it never sees half a transaction;
 * the file writes run outside it, so queries go on while the bytes reach the disk.
 */
export function createSqlJsPersistence(options: SqlJsPersistenceOptions): SqlJsPersistence {
  const { database, path, queue, journal } = options
  let snapshotBytes = options.snapshotBytes
  let snapshotSeq = options.snapshotSeq
  let dirty = false
  let snapshotting: Promise<PersistResult> | undefined
  let snapshotFailing = false
  let timer: NodeJS.Timeout | undefined
  let ticking = false

  const durable = (): number => (journal.needsSnapshot ? snapshotSeq : Math.max(snapshotSeq, journal.writtenSeq))

  const writeSnapshot = async (): Promise<PersistResult> => {
    const taken = await queue(async () => {
      writeAppliedSeq(database, journal.lastSeq)
      dirty = false
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- widened on purpose (the export is released below)
      return { bytes: database.export() as Uint8Array | undefined, mark: journal.mark() }
    })
    const size = taken.bytes?.byteLength ?? 0
    try {
      await writeFileAtomic(path, taken.bytes ?? new Uint8Array())
    } catch (error) {
      dirty = true
      throw error
    } finally {
      // The export is as large as the database: let it go before anything else is awaited.
      taken.bytes = undefined
      options.collectGarbage?.()
    }
    snapshotBytes = size
    snapshotSeq = taken.mark.seq
    if (snapshotFailing) options.warn(`pinai store: the snapshot ${path} is written again`)
    snapshotFailing = false
    try {
      await journal.restartAfter(taken.mark)
    } catch (error) {
      // Harmless: the longer journal's entries up to the snapshot are skipped at start; retried next time.
      options.warn(`pinai store: restarting the journal of ${path} failed (${messageOf(error)})`)
    }
    return { written: true, bytes: size }
  }

  const snapshot = (): Promise<PersistResult> => {
    snapshotting ??= writeSnapshot().finally(() => {
      snapshotting = undefined
      options.onDurable(durable())
    })
    return snapshotting
  }

  const changed = (): boolean => dirty || journal.lastSeq > snapshotSeq
  const journalOutgrown = (): boolean =>
    journal.needsSnapshot || journal.size > Math.max(MIN_JOURNAL_BYTES, snapshotBytes * JOURNAL_SHARE)

  let snapshotFailures = 0
  let nextSnapshotAt = 0
  const tick = async (): Promise<void> => {
    await journal.flush()
    options.onDurable(durable())
    if (!journalOutgrown() || Date.now() < nextSnapshotAt) return
    try {
      await snapshot()
      snapshotFailures = 0
      nextSnapshotAt = 0
    } catch (error) {
      if (!snapshotFailing) {
        options.warn(
          `pinai store: writing the snapshot ${path} failed (${messageOf(error)}); the journal still holds the records; retrying`,
        )
      }
      snapshotFailing = true
      // Each try exports the whole database: on a disk that stays full, not every second.
      snapshotFailures += 1
      nextSnapshotAt = Date.now() + Math.min(MAX_SNAPSHOT_BACKOFF_MS, 1_000 * 2 ** snapshotFailures)
    }
  }

  const run = (): void => {
    if (ticking) return
    ticking = true
    void tick().finally(() => (ticking = false))
  }

  return {
    markDirty() {
      dirty = true
    },
    async persist() {
      if (snapshotting) await snapshotting.catch(() => undefined)
      await journal.flush()
      if (!changed()) return { written: false, bytes: 0 }
      return snapshot()
    },
    start(intervalMs) {
      timer = setInterval(run, intervalMs)
    },
    changed() {
      if (journal.pendingBytes >= EARLY_FLUSH_BYTES) run()
    },
    stop() {
      clearInterval(timer)
    },
  }
}

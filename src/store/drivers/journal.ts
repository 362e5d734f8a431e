import type { PruneOptions } from '../store.ts'
import type { RequestRecord } from '../request-record.ts'
import { encodeJournalEntry } from './journal-entry.ts'
import type { JournalFiles, JournalHandle } from './journal-files.ts'
import { createSerialQueue } from './serial-queue.ts'

/** A change to append: the records an insert stored, or the cut-offs of a prune. */
export type JournalChange = { insert: RequestRecord[] } | { prune: PruneOptions }

/** A point in the journal: entries after `seq` are buffered or in the file past `offset`. */
export interface JournalMark {
  seq: number
  offset: number
}

/** Where an opened journal stands and how it reports trouble. */
export interface JournalOptions {
  path: string
  files: JournalFiles
  /** The number of the last entry in the file (or in the snapshot, when higher). */
  lastSeq: number
  /** Length of the file's whole lines; anything after it (a torn line) is cut off. */
  validBytes: number
  /** Most bytes kept in memory while writes fail; past it they are dropped and a snapshot must cover them. */
  maxPendingBytes: number
  /** Called once when writing starts failing, and once when it works again. */
  onFailure(error: unknown): void
  onRecovery(): void
}

/** The append-only journal beside an sql.js database (format and guarantees: docs/store.md). */
export interface Journal {
  /** Numbers `change` and buffers its line; returns its number. Written by the next {@link Journal.flush}. */
  append(change: JournalChange): number
  /** Writes the buffered lines and syncs them; true when everything appended so far is on disk. Never throws. */
  flush(): Promise<boolean>
  /** The number of the last entry appended. */
  readonly lastSeq: number
  /** The number of the last entry in the file: with {@link Journal.needsSnapshot} false, all up to it are durable. */
  readonly writtenSeq: number
  /** Bytes in the file plus bytes buffered: what a restart would replay. */
  readonly size: number
  /** Bytes appended but not yet written. */
  readonly pendingBytes: number
  /** Whether entries were dropped (writes failed for too long): only a snapshot makes them durable again. */
  readonly needsSnapshot: boolean
  /** The current end of the journal, to be passed to {@link Journal.restartAfter} once a snapshot holds it. */
  mark(): JournalMark
  /** Keeps only the entries after `mark` (a snapshot now holds the rest); throws when the file cannot be replaced. */
  restartAfter(mark: JournalMark): Promise<void>
  close(): Promise<void>
}

/** Opens the journal at `options.path` for appending after its last whole line. */
export async function openJournal(options: JournalOptions): Promise<Journal> {
  const { files, path } = options
  let handle: JournalHandle = await files.open(path)
  await handle.truncate(options.validBytes)
  // Writes, syncs and restarts run one at a time; appends are synchronous and only touch `pending`.
  const serial = createSerialQueue()
  let fileLength = options.validBytes
  let lastSeq = options.lastSeq
  let writtenSeq = options.lastSeq
  // Lines are kept as strings and written as strings: a buffer per line would be garbage that V8 frees
  // only at its next full collection, tens of MiB later.
  let pending: { seq: number; line: string; bytes: number }[] = []
  let pendingBytes = 0
  let failing = false
  // The highest entry that was dropped without reaching the file; a snapshot past it repairs the loss.
  let droppedThrough = 0
  let tornTail = false

  const dropPending = (): void => {
    droppedThrough = lastSeq
    pending = []
    pendingBytes = 0
  }

  let closed = false

  const flush = (): Promise<boolean> =>
    serial(async () => {
      if (closed) return false
      if (pending.length === 0) return droppedThrough === 0
      const lines = pending.length
      const data = pending.map((entry) => entry.line).join('')
      const dataBytes = pending.reduce((sum, entry) => sum + entry.bytes, 0)
      try {
        // A write that failed halfway left part of a line behind the last whole one.
        if (tornTail) await handle.truncate(fileLength)
        tornTail = false
        await handle.write(data, fileLength)
        await handle.sync()
      } catch (error) {
        tornTail = true
        if (!failing) options.onFailure(error)
        failing = true
        if (pendingBytes > options.maxPendingBytes) dropPending()
        return false
      }
      fileLength += dataBytes
      writtenSeq = pending[lines - 1]?.seq ?? writtenSeq
      pending.splice(0, lines)
      pendingBytes -= dataBytes
      if (failing) options.onRecovery()
      failing = false
      return droppedThrough === 0 && pending.length === 0
    })

  return {
    append(change) {
      lastSeq += 1
      const line = encodeJournalEntry({ seq: lastSeq, ...change })
      const bytes = Buffer.byteLength(line)
      pending.push({ seq: lastSeq, line, bytes })
      pendingBytes += bytes
      return lastSeq
    },
    flush,
    get lastSeq() {
      return lastSeq
    },
    get writtenSeq() {
      return writtenSeq
    },
    get size() {
      return fileLength + pendingBytes
    },
    get pendingBytes() {
      return pendingBytes
    },
    get needsSnapshot() {
      return droppedThrough > 0
    },
    // Every line in the file past `fileLength` now will have a higher number than `lastSeq` now, or be one a
    // restart skips anyway (it is in the snapshot); buffered lines carry their number.
    mark: () => ({ seq: lastSeq, offset: fileLength }),
    restartAfter: (mark) =>
      serial(async () => {
        const tailStart = Math.min(mark.offset, fileLength)
        const tail = await handle.read(tailStart, fileLength - tailStart)
        await files.replace(path, tail)
        await handle.close()
        handle = await files.open(path)
        fileLength = tail.length
        tornTail = false
        // Lines still buffered from before the mark are in the snapshot: they need no writing.
        while (pending.length > 0 && (pending[0]?.seq ?? Infinity) <= mark.seq)
          pendingBytes -= pending.shift()?.bytes ?? 0
        if (droppedThrough <= mark.seq) droppedThrough = 0
      }),
    close: () =>
      serial(async () => {
        closed = true
        await handle.close()
      }),
  }
}

import { open } from 'node:fs/promises'
import { decodeJournalEntry, type JournalEntry } from './journal-entry.ts'

/** What reading a journal found. */
export interface JournalReadResult {
  /** Entries handed to the callback. */
  entries: number
  /** Highest entry number seen, 0 for an empty or missing journal. */
  lastSeq: number
  /** Length of the part made of whole, valid lines: where the next entry will be appended. */
  validBytes: number
  /** Bytes after it (a line torn by a crash, or damage): they are cut off before appending. */
  discardedBytes: number
}

const CHUNK = 1 << 20
const NEWLINE = 0x0a

/**
 * Reads the journal at `path` line by line (a chunk at a time, so a large journal never sits in memory
 * whole) and hands each entry to `onEntry`, in order. Reading stops at the first line that is not a
 * whole entry: a crash can tear only the last one, and nothing after damage can be trusted to follow it.
 */
export async function readJournal(
  path: string,
  onEntry: (entry: JournalEntry) => void | Promise<void>,
): Promise<JournalReadResult> {
  const result: JournalReadResult = { entries: 0, lastSeq: 0, validBytes: 0, discardedBytes: 0 }
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result
    throw error
  }
  try {
    const size = (await handle.stat()).size
    let carry = Buffer.alloc(0)
    let position = 0
    let stopped = false
    while (position < size && !stopped) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, size - position))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position)
      if (bytesRead === 0) break
      position += bytesRead
      const data =
        carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead)
      let start = 0
      for (let end = data.indexOf(NEWLINE, start); end !== -1; end = data.indexOf(NEWLINE, start)) {
        const entry = decodeJournalEntry(data.toString('utf8', start, end))
        if (!entry) {
          stopped = true
          break
        }
        await onEntry(entry)
        result.entries += 1
        result.lastSeq = Math.max(result.lastSeq, entry.seq)
        result.validBytes += end + 1 - start
        start = end + 1
      }
      carry = stopped ? Buffer.alloc(0) : Buffer.from(data.subarray(start))
    }
    result.discardedBytes = size - result.validBytes
    return result
  } finally {
    await handle.close()
  }
}

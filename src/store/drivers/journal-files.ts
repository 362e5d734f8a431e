import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { writeFileAtomic } from './write-file-atomic.ts'

/** An open journal file: positional reads and writes, so a torn write is overwritten, never appended to. */
export interface JournalHandle {
  /** Writes `text` as UTF-8 at byte `position`. */
  write(text: string, position: number): Promise<void>
  read(position: number, length: number): Promise<Buffer>
  /** Makes what was written durable (fdatasync). */
  sync(): Promise<void>
  truncate(length: number): Promise<void>
  close(): Promise<void>
}

/**
 * The file-system seam of the journal: everything it does to the disk goes through here, so tests can
 * make a write fail the way a full disk does.
 */
export interface JournalFiles {
  /** Opens `path` for reading and writing, creating it (mode 0600) when missing. */
  open(path: string): Promise<JournalHandle>
  /** Replaces `path` with `data` atomically. */
  replace(path: string, data: Uint8Array): Promise<void>
}

/** The journal's files on the real file system. */
export const nodeJournalFiles: JournalFiles = {
  async open(path) {
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600)
    return {
      async write(text, position) {
        // Written from the string: no array buffer per write for the worker's GC to find later.
        let written = 0
        let rest = text
        while (rest.length > 0) {
          const { bytesWritten } = await handle.write(rest, position + written, 'utf8')
          written += bytesWritten
          const whole = Buffer.byteLength(rest)
          if (bytesWritten >= whole) break
          rest = Buffer.from(rest).subarray(bytesWritten).toString('utf8')
        }
      },
      async read(position, length) {
        const buffer = Buffer.alloc(length)
        let read = 0
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, position + read)
          if (bytesRead === 0) break
          read += bytesRead
        }
        return buffer.subarray(0, read)
      },
      sync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    }
  },
  replace: writeFileAtomic,
}

import { randomBytes } from 'node:crypto'
import { rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A temporary file name beside `file` (same folder, so a rename replaces it atomically). */
export function temporaryPathBeside(file: string, extension = ''): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp${extension}`)
}

/**
 * Writes a file by writing a temporary file beside it and renaming it over the target, so a reader
 * (the gateway's watcher) sees the old or the new content, never half. Keeps the file's mode.
 */
export async function writeFileAtomic(file: string, content: string, mode?: number): Promise<void> {
  const temporary = temporaryPathBeside(file)
  const existing = await stat(file).catch(() => undefined)
  try {
    await writeFile(temporary, content, { mode: existing ? existing.mode & 0o777 : (mode ?? 0o644) })
    await rename(temporary, file)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
}

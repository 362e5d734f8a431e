import { randomBytes } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import writeFileAtomicLibrary from 'write-file-atomic'

/** A temporary file name beside `file` (same folder, so a rename replaces it atomically). */
export function temporaryPathBeside(file: string, extension = ''): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp${extension}`)
}

/**
 * Writes a file through a temporary file beside it (fsynced, then renamed over it), so a reader (the
 * gateway's watcher) sees the old or the new content, never half, and a crash leaves one of them. An
 * existing file keeps its mode and its owner (pinai may run as root on a user's bind-mounted folder);
 * a new one gets `mode` and the owner of its folder.
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  const existing = await stat(file).catch(() => undefined)
  if (existing) {
    await writeFileAtomicLibrary(file, content)
    return
  }
  const folder = await stat(dirname(file))
  const asRoot = process.getuid?.() === 0
  await writeFileAtomicLibrary(file, content, {
    mode,
    ...(asRoot ? { chown: { uid: folder.uid, gid: folder.gid } } : {}),
  })
}

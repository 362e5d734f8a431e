import { open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

async function syncDirectory(path: string): Promise<void> {
  // Makes the rename itself durable; some platforms cannot open a directory for fsync, which is fine.
  try {
    const directory = await open(path, 'r')
    try {
      await directory.sync()
    } finally {
      await directory.close()
    }
  } catch {
    // best effort
  }
}

/** Replaces `path` with `data` atomically: a temp file beside it, fsync, rename, fsync of the directory. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const temporary = `${path}.tmp`
  const handle = await open(temporary, 'w', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temporary).catch(() => {})
    throw error
  }
  await handle.close()
  await rename(temporary, path)
  await syncDirectory(dirname(path))
}

import { readdirSync, type Dirent } from 'node:fs'
import { join } from 'node:path'

/**
 * Every file under `folder`, recursively, as paths that start with `folder` (none when it does not
 * exist); folders named in `skip` are not entered.
 */
export function filesUnder(folder: string, skip: readonly string[] = []): string[] {
  let entries: Dirent[]
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name)
    if (!entry.isDirectory()) return [path]
    return skip.includes(entry.name) ? [] : filesUnder(path, skip)
  })
}

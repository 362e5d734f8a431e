import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises'

/** Thrown when another live process (or this one) already owns a database file. */
export class StoreLockedError extends Error {
  /** The owner's pid, when the lock file names one. */
  readonly ownerPid: number | undefined

  constructor(databasePath: string, ownerPid: number | undefined) {
    const owner =
      ownerPid === process.pid
        ? 'this process has already opened it'
        : `another process${ownerPid === undefined ? '' : ` (pid ${ownerPid})`} owns it`
    super(
      `the database file ${databasePath} is in use: ${owner}. Only one pinai process may own an sqlite: ` +
        'database; stop the other one, or point DATABASE_URL at PostgreSQL or MySQL to run several instances.',
    )
    this.name = 'StoreLockedError'
    this.ownerPid = ownerPid
  }
}

/** A held lock; `release` removes the lock file if it is still ours. */
export interface FileLock {
  readonly path: string
  release(): Promise<void>
}

// An empty lock file this young is probably being written by its new owner right now.
const WRITING_GRACE_MS = 5_000

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

async function readOwner(path: string): Promise<{ pid: number | undefined; modified: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    const pid = Number.parseInt(text.trim(), 10)
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined, modified: info.mtimeMs }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

// Moves a stale lock aside rather than deleting it, so that when two processes race for the same stale lock,
// neither can delete the fresh lock the other has just taken.
async function removeStale(path: string, stalePid: number | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}`
  try {
    await rename(path, aside)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw error
  }
  const moved = await readOwner(aside)
  if (moved && moved.pid !== stalePid) {
    await link(aside, path).catch(() => {})
  }
  await unlink(aside).catch(() => {})
}

async function writeLock(path: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx', 0o644)
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(`${process.pid}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return true
}

/**
 * Takes the lock file `path` (created atomically with `wx`, holding our pid) for `databasePath`.
 * A lock whose pid is dead is stale and taken over; a live one throws {@link StoreLockedError}.
 */
export async function acquireFileLock(
  path: string,
  databasePath: string,
  now: () => number = Date.now,
): Promise<FileLock> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await writeLock(path)) {
      return {
        path,
        async release() {
          const owner = await readOwner(path)
          if (owner?.pid === process.pid) await unlink(path).catch(() => {})
        },
      }
    }
    const owner = await readOwner(path)
    if (!owner) continue
    if (owner.pid !== undefined && isAlive(owner.pid)) throw new StoreLockedError(databasePath, owner.pid)
    if (owner.pid === undefined && now() - owner.modified < WRITING_GRACE_MS)
      throw new StoreLockedError(databasePath, undefined)
    await removeStale(path, owner.pid)
  }
  throw new StoreLockedError(databasePath, undefined)
}

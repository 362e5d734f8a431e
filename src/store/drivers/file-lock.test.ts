import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreLockedError, acquireFileLock } from './file-lock.ts'

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

describe('acquireFileLock', () => {
  let directory: string
  let lock: string

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pinai-lock-'))
    lock = join(directory, 'pinai.db.lock')
  })

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true })
  })

  it('writes our pid, refuses while held, and can be taken again after release', async () => {
    const held = await acquireFileLock(lock, 'pinai.db')
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(process.pid))
    await expect(acquireFileLock(lock, 'pinai.db')).rejects.toBeInstanceOf(StoreLockedError)
    await held.release()
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' })
    await (await acquireFileLock(lock, 'pinai.db')).release()
  })

  it('refuses a lock held by a live process and names its pid', async () => {
    await writeFile(lock, `${process.ppid}\n`)
    await expect(acquireFileLock(lock, 'data/pinai.db')).rejects.toMatchObject({
      ownerPid: process.ppid,
      message: expect.stringMatching(/data\/pinai\.db is in use: another process \(pid \d+\) owns it/),
    })
  })

  it('takes over a lock whose pid is dead', async () => {
    await writeFile(lock, `${deadPid()}\n`)
    const held = await acquireFileLock(lock, 'pinai.db')
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(process.pid))
    await held.release()
  })

  it('treats an empty lock as being written when fresh, and as stale when old', async () => {
    await writeFile(lock, '')
    await expect(acquireFileLock(lock, 'pinai.db')).rejects.toBeInstanceOf(StoreLockedError)
    const old = new Date(Date.now() - 60_000)
    await utimes(lock, old, old)
    await (await acquireFileLock(lock, 'pinai.db')).release()
  })

  it('does not delete a lock that another owner has taken since', async () => {
    const held = await acquireFileLock(lock, 'pinai.db')
    await writeFile(lock, `${process.ppid}\n`)
    await held.release()
    expect((await readFile(lock, 'utf8')).trim()).toBe(String(process.ppid))
  })
})

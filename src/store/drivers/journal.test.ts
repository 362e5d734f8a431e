import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openJournal } from './journal.ts'
import { nodeJournalFiles, type JournalFiles } from './journal-files.ts'
import { readJournal } from './read-journal.ts'
import type { JournalEntry } from './journal-entry.ts'

/** The real file system, except that while `full` is set every write stores half its bytes and fails with ENOSPC. */
function fillableDisk(): { files: JournalFiles; full: boolean } {
  const disk = { full: false, files: nodeJournalFiles }
  disk.files = {
    replace: (path, data) =>
      disk.full
        ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))
        : nodeJournalFiles.replace(path, data),
    async open(path) {
      const handle = await nodeJournalFiles.open(path)
      return {
        ...handle,
        async write(data, position) {
          if (!disk.full) return handle.write(data, position)
          await handle.write(data.slice(0, Math.floor(data.length / 2)), position)
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
        },
      }
    },
  }
  return disk
}

const record = (id: string) => ({
  id,
  time: 1,
  client: 'c',
  inbound: 'openai',
  requestedModel: 'm',
  mappedModel: 'm',
  stream: false,
  status: 200,
  success: true,
  durationMs: 1,
  attempts: [],
})

async function entriesIn(path: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = []
  await readJournal(path, (entry) => void entries.push(entry))
  return entries
}

describe('journal', () => {
  let directory: string
  let path: string
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pinai-journal-'))
    path = join(directory, 'pinai.db.journal')
  })
  afterEach(() => rm(directory, { recursive: true, force: true }))

  it('on a full disk reports once, keeps the lines, cuts the torn write off and resumes when space returns', async () => {
    const disk = fillableDisk()
    const events: string[] = []
    const journal = await openJournal({
      path,
      files: disk.files,
      lastSeq: 0,
      validBytes: 0,
      maxPendingBytes: 1 << 20,
      onFailure: (error) => events.push(`failed: ${(error as Error).message}`),
      onRecovery: () => events.push('recovered'),
    })
    journal.append({ insert: [record('a')] })
    expect(await journal.flush()).toBe(true)
    disk.full = true
    journal.append({ insert: [record('b')] })
    expect(await journal.flush()).toBe(false)
    journal.append({ prune: { before: 5 } })
    expect(await journal.flush()).toBe(false)
    expect(events).toEqual(['failed: ENOSPC: no space left on device, write'])
    // Half a line is on disk now: a reader stops before it.
    expect((await entriesIn(path)).map((entry) => entry.seq)).toEqual([1])

    disk.full = false
    journal.append({ insert: [record('c')] })
    expect(await journal.flush()).toBe(true)
    expect(events).toEqual(['failed: ENOSPC: no space left on device, write', 'recovered'])
    expect(await entriesIn(path)).toEqual([
      { seq: 1, insert: [record('a')] },
      { seq: 2, insert: [record('b')] },
      { seq: 3, prune: { before: 5 } },
      { seq: 4, insert: [record('c')] },
    ])
    await journal.close()
  })

  it('drops what it cannot hold while the disk stays full and asks for a snapshot, which repairs it', async () => {
    const disk = fillableDisk()
    const journal = await openJournal({
      path,
      files: disk.files,
      lastSeq: 0,
      validBytes: 0,
      maxPendingBytes: 300,
      onFailure: () => {},
      onRecovery: () => {},
    })
    disk.full = true
    for (let index = 0; index < 5; index++) journal.append({ insert: [record(`r${index}`)] })
    expect(await journal.flush()).toBe(false)
    expect(journal.needsSnapshot).toBe(true)
    expect(journal.size).toBe(0)
    disk.full = false
    // A snapshot taken now holds entries 1–5; the journal restarts empty after it.
    const mark = journal.mark()
    journal.append({ insert: [record('after')] })
    await journal.restartAfter(mark)
    expect(journal.needsSnapshot).toBe(false)
    expect(await journal.flush()).toBe(true)
    expect((await entriesIn(path)).map((entry) => entry.seq)).toEqual([6])
    await journal.close()
  })

  it('keeps, when restarted after a snapshot, only the lines the snapshot does not hold', async () => {
    const journal = await openJournal({
      path,
      files: nodeJournalFiles,
      lastSeq: 10,
      validBytes: 0,
      maxPendingBytes: 1 << 20,
      onFailure: () => {},
      onRecovery: () => {},
    })
    journal.append({ insert: [record('a')] })
    journal.append({ insert: [record('b')] })
    await journal.flush()
    const mark = journal.mark()
    journal.append({ insert: [record('c')] })
    await journal.flush()
    journal.append({ insert: [record('d')] })
    await journal.restartAfter(mark)
    await journal.flush()
    expect((await entriesIn(path)).map((entry) => entry.seq)).toEqual([13, 14])
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(3)
    await journal.close()
  })
})

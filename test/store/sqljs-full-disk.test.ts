import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqlJsStore } from '../../src/store/drivers/sqljs.ts'
import { generateRecords } from './records.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

// A real full disk: a small tmpfs, which only root can mount. Elsewhere this suite is skipped, and the
// same failure is injected at the journal's file-system seam by src/store/drivers/journal.test.ts.
const mountPoint = await mkdtemp(join(tmpdir(), 'pinai-full-disk-'))
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

if (!mounted) await rm(mountPoint, { recursive: true, force: true })

describe.skipIf(!mounted)('sql.js store on a full disk (tmpfs)', () => {
  afterAll(async () => {
    execFileSync('umount', [mountPoint])
    await rm(mountPoint, { recursive: true, force: true })
  })

  it('reports the failed journal write, goes on serving, and writes the journal again once space returns', async () => {
    const path = join(mountPoint, 'pinai.db')
    const warnings: string[] = []
    const store = await openSqlJsStore(path, {
      flushIntervalMs: 50,
      logger: { warn: (message) => warnings.push(message) },
    })
    try {
      const early = generateRecords(20, Date.now(), 60_000, 61)
      await store.insert(early)
      await store.persist()
      const free = await statfs(mountPoint)
      const filler = join(mountPoint, 'filler')
      await writeFile(filler, Buffer.alloc(Number(free.bavail * free.bsize))).catch(() => undefined)

      const during = generateRecords(200, Date.now(), 60_000, 62)
      await store.insert(during)
      await expect
        .poll(() => warnings.join('\n'), { timeout: 5_000 })
        .toMatch(/appending to the journal .* failed \(ENOSPC.*\); requests are still served/)
      // Serving goes on: reads and writes work from memory.
      expect((await store.listLogs({ limit: 500 })).length).toBe(220)

      await rm(filler)
      await expect.poll(() => warnings.join('\n'), { timeout: 5_000 }).toMatch(/the journal .* is written again/)
      expect(warnings.filter((warning) => /ENOSPC/.test(warning))).toHaveLength(1)

      // What a crash now would leave on disk holds everything.
      const image = join(tmpdir(), `pinai-full-disk-image-${process.pid}`)
      await mkdir(image, { recursive: true })
      await copyFile(path, join(image, 'pinai.db'))
      await copyFile(`${path}.journal`, join(image, 'pinai.db.journal'))
      const recovered = await openSqlJsStore(join(image, 'pinai.db'), { logger: quietLogger })
      expect((await recovered.listLogs({ limit: 500 })).length).toBe(220)
      await recovered.close()
      await rm(image, { recursive: true, force: true })
    } finally {
      await store.close()
    }
  })
})

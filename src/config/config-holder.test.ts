import { mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createConfigHolder } from './config-holder.ts'

const config = (port: number) => `export default { server: { port: ${port} } }\n`

describe('config holder', () => {
  it('swaps in a valid new file and keeps the old one when the new one is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinai-holder-'))
    const file = join(dir, 'pinai.config.ts')
    writeFileSync(file, config(1000))
    const logs: string[] = []
    const holder = await createConfigHolder({
      file,
      env: {},
      debounceMs: 20,
      log: (_level, message) => logs.push(message),
    })
    const first = holder.current
    holder.watch()
    try {
      // Written the way editors and `pinai apply` do: a temp file renamed over the old one.
      writeFileSync(`${file}.tmp`, config(2000))
      renameSync(`${file}.tmp`, file)
      await vi.waitFor(() => expect(holder.current.config.server.port).toBe(2000), { timeout: 5000 })
      expect(first.config.server.port).toBe(1000) // a request holding the old config keeps it

      writeFileSync(file, 'export default { server: { prot: 3000 } }\n')
      await vi.waitFor(() => expect(holder.lastError).toBeDefined(), { timeout: 5000 })
      expect(holder.current.config.server.port).toBe(2000)
      expect(holder.lastError?.issues).toEqual([{ path: 'server.prot', message: 'unknown key (is it misspelled?)' }])
      expect(logs.some((line) => line.includes('reload refused'))).toBe(true)

      writeFileSync(file, config(4000))
      await vi.waitFor(() => expect(holder.current.config.server.port).toBe(4000), { timeout: 5000 })
      expect(holder.lastError).toBeUndefined()
    } finally {
      holder.close()
    }
  })
})

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { describeStoreContract } from './contract.ts'

describeStoreContract('sql.js (file)', {
  async open() {
    const directory = await mkdtemp(join(tmpdir(), 'pinai-sqljs-'))
    const url = `sqlite:${join(directory, 'pinai.db')}`
    let store: Store = await openStore(url, { flushIntervalMs: 60_000 })
    return {
      store,
      async reopen() {
        await store.close()
        store = await openStore(url, { flushIntervalMs: 60_000 })
        return store
      },
      async cleanup() {
        await store.close()
        await rm(directory, { recursive: true, force: true })
      },
    }
  },
})

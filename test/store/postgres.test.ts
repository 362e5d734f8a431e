import { describe, it } from 'vitest'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { describeStoreContract } from './contract.ts'
import { postgresAvailable, scratchPostgres, skipReason } from './databases.ts'

const skip = skipReason(await postgresAvailable(), 'the PostgreSQL store contract')

if (skip) {
  describe.skip(`Store contract: postgres (${skip})`, () => it.skip('needs PostgreSQL', () => {}))
} else {
  describeStoreContract('postgres', {
    async open() {
      const scratch = scratchPostgres()
      let store: Store = await openStore(scratch.url)
      return {
        store,
        async reopen() {
          await store.close()
          store = await openStore(scratch.url)
          return store
        },
        async cleanup() {
          await store.close()
          await scratch.drop()
        },
      }
    },
  })
}

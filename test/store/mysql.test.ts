import { describe, it } from 'vitest'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { describeStoreContract } from './contract.ts'
import { mysqlAvailable, scratchMysql, skipReason } from './databases.ts'

const skip = skipReason(await mysqlAvailable(), 'the MySQL/MariaDB store contract')

if (skip) {
  describe.skip(`Store contract: mysql (${skip})`, () => it.skip('needs MySQL or MariaDB', () => {}))
} else {
  describeStoreContract('mysql', {
    async open() {
      const scratch = await scratchMysql()
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

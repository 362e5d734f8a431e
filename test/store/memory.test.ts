import { createMemoryStore } from '../../src/store/drivers/memory.ts'
import { describeStoreContract } from './contract.ts'

describeStoreContract('memory', {
  async open() {
    const store = createMemoryStore()
    // The memory store lives only as long as its object: "reopening" is the same store.
    return { store, reopen: async () => store, cleanup: () => store.close() }
  },
})

import { stat } from 'node:fs/promises'
import type { SqlJsStore } from '../../src/store/drivers/sqljs.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'

/** A logged request like the gateway writes for the bench's traffic (one successful attempt). */
function benchRecord(index: number, time: number): RequestRecord {
  return {
    id: `0193f0b2-${String(index).padStart(4, '0').slice(-4)}-7000-8000-${String(index).padStart(12, '0')}`,
    time,
    client: 'default',
    inbound: 'openai',
    requestedModel: 'bench-n20-d0',
    mappedModel: 'bench-n20-d0',
    provider: 'mock-openai',
    upstreamModel: 'bench-n20-d0',
    stream: false,
    status: 200,
    success: true,
    durationMs: 3,
    promptTokens: 60,
    completionTokens: 20,
    attempts: [
      { provider: 'mock-openai', keyLabel: 'mock-openai#1', upstreamModel: 'bench-n20-d0', status: 200, durationMs: 3 },
    ],
  }
}

/**
 * Inserts records until the journal beside `store`'s file holds `share` of the snapshot's size: the
 * longest journal a start-up can meet (past the snapshot's size, a snapshot folds it in).
 */
export async function fillJournal(store: SqlJsStore, share: number): Promise<number> {
  const path = store.path as string
  const snapshotBytes = (await stat(path)).size
  let inserted = 0
  const journalBytes = async () => (await stat(`${path}.journal`).catch(() => ({ size: 0 }))).size
  while ((await journalBytes()) < snapshotBytes * share) {
    const batch = Array.from({ length: 200 }, (_, offset) => benchRecord(inserted + offset, Date.now()))
    await store.insert(batch)
    inserted += batch.length
    if (inserted % 10_000 === 0) await new Promise((resolve) => setTimeout(resolve, 150))
  }
  return inserted
}

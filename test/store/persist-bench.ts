// Benchmark (not a test): how long the gateway's event loop stalls while a large sql.js database is
// persisted, through the worker store and, for comparison, by exporting on the main thread.
// Run: npx tsx test/store/persist-bench.ts [rows]
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import initSqlJs from 'sql.js'
import { openSqlJsStore } from '../../src/store/drivers/sqljs.ts'
import { readFile } from 'node:fs/promises'
import { largeRecords } from './large-records.ts'

const rows = Number(process.argv[2] ?? 28_000)
const directory = await mkdtemp(join(tmpdir(), 'pinai-bench-'))
const path = join(directory, 'pinai.db')
const store = await openSqlJsStore(path, { flushIntervalMs: 3_600_000 })
let started = performance.now()
for (const batch of largeRecords(rows, 500)) await store.insert(batch)
console.log(`inserted ${rows} rows in ${Math.round(performance.now() - started)} ms`)

const histogram = monitorEventLoopDelay({ resolution: 5 })
histogram.enable()
started = performance.now()
const result = await store.persist()
const elapsed = performance.now() - started
histogram.disable()
console.log(
  `worker persist: ${(result.bytes / 2 ** 20).toFixed(1)} MiB in ${Math.round(elapsed)} ms; ` +
    `main-thread event-loop delay max ${(histogram.max / 1e6).toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms`,
)
await store.close()

const SQL = await initSqlJs()
const database = new SQL.Database(await readFile(path))
started = performance.now()
const bytes = database.export()
console.log(
  `for comparison, export() on the main thread: ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB blocks it for ${Math.round(performance.now() - started)} ms`,
)
database.close()
await rm(directory, { recursive: true, force: true })

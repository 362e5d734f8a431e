// The embedded store under a long run (issue "an embedded store that can run for a year"): logs many
// requests through the real gateway and measures disk writes per logged request, memory, what a
// `kill -9` loses, start-up on a full database and journal, and the event loop during a snapshot.
// Run: npm run bench:store [-- --requests 500000 --concurrency 64 --trace-memory]
// --trace-memory preloads store/memory-trace.mjs into pinai and prints what its memory was made of.
import { copyFile, mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_SQLJS_MAX_SIZE, openSqlJsStore } from '../src/store/drivers/sqljs.ts'
import { describeMachine } from './describe-machine.ts'
import { runNodeLoad } from './load/run-node-load.ts'
import { createPinaiSetup } from './pinai-setup.ts'
import { startMeasured, type MeasuredProcess } from './process/measured-process.ts'
import { models, scenarioNamed } from './scenarios.ts'
import { fillJournal } from './store/fill-journal.ts'
import { rssMiB, watchRss, writeBytes } from './store/read-proc.ts'
import { summarizeMemoryTrace } from './store/summarize-memory-trace.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '500000' },
    concurrency: { type: 'string', default: '64' },
    'kill-after': { type: 'string', default: '5' },
    'trace-memory': { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
  },
})
const requests = Number(values.requests)
const concurrency = Number(values.concurrency)
const killAfterS = Number(values['kill-after'])
const extraNodeFlags = values['node-flags'].split(' ').filter(Boolean)

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const mib = (bytes: number) => bytes / 2 ** 20
const unset = [
  'API_TOKEN',
  'ADMIN_TOKEN',
  'MODEL_MAPPING',
  'USER_AGENT',
  'PINAI_CONFIG',
  'ENABLE_WEB',
  'DATABASE_URL',
  'GITHUB_PROXY',
]

const mock = await startMeasured({ name: 'mock', script: here('./mock/mock-upstream.ts'), typescript: true })
const setup = createPinaiSetup(mock.url)
const databasePath = join(setup.dir, 'pinai.db')
const memoryTrace = values['trace-memory'] ? join(setup.dir, 'memory-trace.jsonl') : undefined
const startPinai = (trace?: string): Promise<MeasuredProcess> =>
  startMeasured({
    name: 'pinai',
    script: here('../bin/pinai.mjs'),
    args: ['serve', '--config', setup.configFile],
    cwd: setup.dir,
    env: { ...setup.env, ...(trace ? { PINAI_MEMORY_TRACE: trace } : {}) },
    unsetEnv: unset.filter((name) => !(name in setup.env)),
    nodeFlags: [...extraNodeFlags, ...(trace ? ['--import', here('./store/memory-trace.mjs')] : [])],
    startTimeoutMs: 120_000,
  })
const fileSize = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size

/** Requests logged so far, from the rollups (request rows past the size cap are pruned; rollups are not). */
async function loggedRequests(path: string): Promise<{ total: number; rows: number }> {
  const store = await openSqlJsStore(path, { logger: { warn: () => {} } })
  try {
    const [sum] = await store.aggregate({ from: 0, to: Date.now() + 3_600_000 })
    const rows = (await store.listLogs({ limit: 10_000_000 })).length
    return { total: sum?.requests ?? 0, rows }
  } finally {
    await store.close()
  }
}

try {
  let pinai = await startPinai(memoryTrace)
  const request = scenarioNamed('openai-json').request(
    'pinai',
    { direct: mock.url, proxy: mock.url, pinai: pinai.url, token: setup.token },
    models.burst,
  )
  await sleep(2_000)
  const rssStart = rssMiB(pinai.pid)
  const writtenBefore = writeBytes(pinai.pid)

  // 1. The long run.
  console.error(`logging ${requests} requests at concurrency ${concurrency}…`)
  let watcher = watchRss(pinai.pid)
  const run = await runNodeLoad({ ...request, connections: concurrency, durationS: 3_600, maxRequests: requests })
  const rssPeak = watcher.stop()
  const composition = memoryTrace ? summarizeMemoryTrace(memoryTrace) : undefined
  await sleep(2_000)
  const writtenRun = writeBytes(pinai.pid) - writtenBefore
  await sleep(8_000)
  const rssAfter = rssMiB(pinai.pid)
  const snapshotAfterRun = await fileSize(databasePath)
  const journalAfterRun = await fileSize(`${databasePath}.journal`)

  // 2. kill -9 at full load.
  console.error(`kill -9 after ${killAfterS} s of load…`)
  watcher = watchRss(pinai.pid)
  const killing = sleep(killAfterS * 1000).then(() => process.kill(pinai.pid, 'SIGKILL'))
  const killedRun = await runNodeLoad({ ...request, connections: concurrency, durationS: killAfterS + 1 })
  await killing
  watcher.stop()
  await pinai.stop(0).catch(() => undefined)
  const journalAtKill = await fileSize(`${databasePath}.journal`)
  const snapshotAtKill = await fileSize(databasePath)

  // 3. Start-up of pinai on what the kill left.
  const startedAt = performance.now()
  pinai = await startPinai()
  const startupMs = performance.now() - startedAt
  await pinai.stop(10_000)
  const logged = await loggedRequests(databasePath)
  const answered = run.requests + killedRun.requests
  const lost = Math.max(0, answered - logged.total)
  const killedRate = killedRun.requests / killAfterS

  // 4. The longest journal a start-up meets, and the event loop during a snapshot, in this process.
  const store = await openSqlJsStore(databasePath, { flushIntervalMs: 100, logger: { warn: () => {} } })
  const filled = await fillJournal(store, 0.9)
  await sleep(300)
  const image = join(setup.dir, 'image')
  await mkdir(image)
  await copyFile(databasePath, join(image, 'pinai.db'))
  await copyFile(`${databasePath}.journal`, join(image, 'pinai.db.journal'))
  const fullJournal = await fileSize(join(image, 'pinai.db.journal'))
  const openedAt = performance.now()
  const reopened = await openSqlJsStore(join(image, 'pinai.db'), { logger: { warn: () => {} } })
  const fullStartupMs = performance.now() - openedAt
  // The store opens before its journal is replayed; its first answer comes once the replay is done.
  await reopened.aggregate({ from: 0, to: 1 })
  const fullReplayMs = performance.now() - openedAt
  await reopened.close()
  await rm(image, { recursive: true, force: true })

  const idle = monitorEventLoopDelay({ resolution: 1 })
  idle.enable()
  await sleep(1_000)
  idle.disable()
  const during = monitorEventLoopDelay({ resolution: 1 })
  during.enable()
  const snapshotStarted = performance.now()
  const snapshot = await store.persist()
  const snapshotMs = performance.now() - snapshotStarted
  during.disable()
  await store.close()

  const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(1)
  const machine = describeMachine()
  console.log(`
### Store run: ${requests.toLocaleString('en')} requests, concurrency ${concurrency} (${new Date().toISOString().slice(0, 10)}, ${machine.cpu}, ${machine.cores} cores, Node ${process.versions.node})

| Measure | Result |
|---|---|
| Requests logged in the run | ${run.requests.toLocaleString('en')} in ${(run.durationMs / 1000).toFixed(0)} s (${run.requestsPerSecond.toFixed(0)}/s, ${run.errors} errors; node load generator) |
| Disk bytes written per logged request (\`/proc/<pid>/io\` write_bytes, snapshots included) | ${(writtenRun / run.requests).toFixed(0)} B (${mib(writtenRun).toFixed(1)} MiB in all) |
| Snapshot / journal after the run | ${mib(snapshotAfterRun).toFixed(1)} MiB / ${mib(journalAfterRun).toFixed(1)} MiB (size cap ${mib(DEFAULT_SQLJS_MAX_SIZE)} MiB) |
| Request rows kept / requests in the rollups | ${logged.rows.toLocaleString('en')} / ${logged.total.toLocaleString('en')} (${(snapshotAfterRun / Math.max(1, logged.rows)).toFixed(0)} snapshot bytes per kept row) |
| RSS after start / peak under load / after the run | ${rssStart.toFixed(0)} / ${rssPeak.toFixed(0)} / ${rssAfter.toFixed(0)} MiB |
| Records lost by \`kill -9\` at full load | ${lost} of ${answered.toLocaleString('en')} answered (${(lost / Math.max(1, killedRate)).toFixed(2)} s of traffic at ${killedRate.toFixed(0)}/s) |
| Start-up of pinai after the kill (snapshot ${mib(snapshotAtKill).toFixed(1)} MiB + journal ${mib(journalAtKill).toFixed(1)} MiB), to listening | ${startupMs.toFixed(0)} ms |
| Opening the store on a full database with a full journal (${mib(fullJournal).toFixed(1)} MiB, ${filled.toLocaleString('en')} records): open / first answer (journal replayed) | ${fullStartupMs.toFixed(0)} / ${fullReplayMs.toFixed(0)} ms |
| Event-loop delay during a snapshot (${mib(snapshot.bytes).toFixed(1)} MiB in ${snapshotMs.toFixed(0)} ms): p99 / max (idle: p99 / max) | ${ms(during.percentile(99))} / ${ms(during.max)} ms (${ms(idle.percentile(99))} / ${ms(idle.max)} ms) |
`)
  if (composition) {
    console.log("| pinai's memory under load (MiB) | at the highest sampled RSS | each part's highest |\n|---|---|---|")
    for (const [part, value] of Object.entries(composition.atPeak))
      console.log(`| ${part} | ${value} | ${composition.highest[part]} |`)
  }
} finally {
  await mock.stop(0)
  setup.remove()
}

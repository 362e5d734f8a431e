/**
 * `npm run bench:sql-writer`: how many request records per second the PostgreSQL and MySQL writers store,
 * and the Node CPU they cost. `insert` mode calls `store.insert` with batches back to back (the writer's
 * ceiling); `--rate R` offers R records/s to a real recorder for `--seconds` and says what it dropped.
 * Each run works in a scratch schema / database that it drops afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { openStore } from '../src/store/open-store.ts'
import { createRecorder } from '../src/store/recorder.ts'
import type { RequestRecord } from '../src/store/request-record.ts'
import type { Store } from '../src/store/store.ts'

const { values } = parseArgs({
  options: {
    driver: { type: 'string', default: 'postgres,mysql' },
    records: { type: 'string', default: '40000' },
    batch: { type: 'string', default: '200' },
    rate: { type: 'string' },
    seconds: { type: 'string', default: '20' },
    postgres: { type: 'string', default: process.env.PINAI_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    mysql: { type: 'string', default: process.env.PINAI_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' },
  },
})

const models = ['gpt-4o', 'claude-sonnet-4', 'deepseek-v3', 'qwen3-8b']
const providers = ['relay-a', 'relay-b', 'official']

/** A record shaped like the gateway's: one attempt, one in ten failed over first. */
function gatewayRecord(index: number): RequestRecord {
  const model = models[index % models.length] as string
  const provider = providers[index % providers.length] as string
  const attempt = { provider, keyLabel: `${provider}#1`, upstreamModel: `${model}-2025`, status: 200, durationMs: 40 }
  const failed = { provider: 'flaky', keyLabel: 'flaky#2', upstreamModel: model, status: 502, errorClass: 'upstream' as const, error: 'bad gateway', durationMs: 8 }
  return {
    id: randomUUID(), time: Date.now(), client: 'default', inbound: index % 2 ? 'openai' : 'anthropic',
    requestedModel: model, mappedModel: model, provider, upstreamModel: `${model}-2025`, stream: index % 3 !== 0,
    status: 200, success: true, durationMs: 45, ttftMs: 12, promptTokens: 19, completionTokens: 20,
    attempts: index % 10 === 0 ? [failed, attempt] : [attempt],
  }
}

interface Scratch {
  url: string
  drop(): Promise<void>
}

async function scratchFor(driver: string): Promise<Scratch> {
  const name = `pinai_bench_${randomBytes(4).toString('hex')}`
  if (driver === 'postgres') {
    const url = new URL(values.postgres)
    url.searchParams.set('schema', name)
    const { default: postgres } = await import('postgres')
    return {
      url: url.toString(),
      async drop() {
        const sql = postgres(values.postgres, { max: 1, onnotice: () => {} })
        await sql.unsafe(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
        await sql.end()
      },
    }
  }
  const mysql = await import('mysql2/promise')
  const admin = await mysql.createConnection({ uri: values.mysql })
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`)
  await admin.end()
  const url = new URL(values.mysql)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const connection = await mysql.createConnection({ uri: values.mysql })
      await connection.query(`DROP DATABASE IF EXISTS ${name}`)
      await connection.end()
    },
  }
}

async function measureInsert(store: Store, count: number, batch: number): Promise<string> {
  // Warm-up: the first batches open connections and prepare statements.
  for (let index = 0; index < 5; index++) await store.insert(Array.from({ length: batch }, (_, item) => gatewayRecord(item)))
  const records = Array.from({ length: count }, (_, index) => gatewayRecord(index))
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (let start = 0; start < count; start += batch) await store.insert(records.slice(start, start + batch))
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const cpuMsPerThousand = (used.user + used.system) / 1000 / (count / 1000)
  return `${Math.round(count / seconds)} records/s (batches of ${batch}), Node CPU ${cpuMsPerThousand.toFixed(1)} ms per 1k records`
}

async function measureRate(store: Store, rate: number, seconds: number): Promise<string> {
  const warnings: string[] = []
  const recorder = createRecorder(store, { pruneIntervalMs: 0, closeStore: false, logger: { warn: (message) => warnings.push(message) } })
  const tickMs = 10
  const perTick = rate / (1000 / tickMs)
  let offered = 0
  let owed = 0
  const started = performance.now()
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - started >= seconds * 1000) {
        clearInterval(timer)
        resolve()
        return
      }
      owed += perTick
      for (; owed >= 1; owed -= 1) recorder.record(gatewayRecord(offered++))
    }, tickMs)
  })
  const elapsed = (performance.now() - started) / 1000
  await recorder.flush()
  const { dropped } = recorder.status()
  await recorder.close()
  const warned = warnings.length ? `; warnings: ${warnings.map((message) => JSON.stringify(message)).join(' ')}` : ''
  return `offered ${Math.round(offered / elapsed)} records/s for ${seconds} s: ${offered} offered, ${dropped} dropped${warned}`
}

for (const driver of values.driver.split(',').map((item) => item.trim())) {
  const scratch = await scratchFor(driver)
  const store = await openStore(scratch.url)
  try {
    const result = values.rate
      ? await measureRate(store, Number(values.rate), Number(values.seconds))
      : await measureInsert(store, Number(values.records), Number(values.batch))
    console.log(`${driver}: ${result}`)
  } finally {
    await store.close()
    await scratch.drop()
  }
}

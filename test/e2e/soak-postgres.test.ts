import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Pool } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockUpstream, listenMockUpstream } from '../../bench/mock/mock-upstream.ts'
import { startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import {
  postgresAvailable,
  POSTGRES_URL,
  scratchPostgres,
  skipReason,
  type ScratchDatabase,
} from '../store/databases.ts'

// A bounded soak: the real `pinai serve` with its request log on PostgreSQL, 64 clients sending as fast
// as pinai answers for PINAI_SOAK_SECONDS (default 25), half of them streams. Every answered request must be stored (none
// dropped by the recorder), and pinai's RSS must stay flat once warmed up.

const SOAK_SECONDS = Number(process.env.PINAI_SOAK_SECONDS ?? 25)
const CONCURRENCY = 64
const WARMUP_SECONDS = 8
/**
 * How far RSS's floor (its lowest sample: just after a major GC, as RSS saws up and down between them)
 * may rise from the first half after warm-up to the second half: a leak of records or buffers shows there.
 */
const RSS_FLOOR_RISE_LIMIT_MIB = 32
/**
 * How far any one sample may rise above the warm-up level: a stall of the machine may let the backlog
 * grow for a while (up to the buffer's 10 000 records), which is not a leak.
 */
const RSS_PEAK_LIMIT_MIB = 160
const TOKEN = 'soak-client-token'

const skip = skipReason(await postgresAvailable(), 'the PostgreSQL soak')

function rssMiB(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(line?.[1] ?? 0) / 1024
}

async function countRows(database: ScratchDatabase): Promise<{ requests: number; rollups: number }> {
  const { default: postgres } = await import('postgres')
  const schema = new URL(database.url).searchParams.get('schema') ?? 'public'
  const sql = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql.unsafe(
      `SELECT (SELECT count(*) FROM ${schema}.pinai_requests) AS requests, (SELECT coalesce(sum(requests), 0) FROM ${schema}.pinai_rollups) AS rollups`,
    )
    return { requests: Number(row?.requests), rollups: Number(row?.rollups) }
  } finally {
    await sql.end({ timeout: 1 })
  }
}

describe.skipIf(Boolean(skip))('a soak through pinai and PostgreSQL', () => {
  let mock: Server
  let mockRequests = 0
  let database: ScratchDatabase
  let pinai: PinaiProcess
  let dir: string

  beforeAll(async () => {
    mock = createMockUpstream()
    mock.on('request', () => (mockRequests += 1))
    const mockUrl = await listenMockUpstream(mock)
    database = scratchPostgres()
    dir = mkdtempSync(join(tmpdir(), 'pinai-soak-'))
    writeFileSync(
      join(dir, 'pinai.config.ts'),
      `export default {
  auth: { tokens: ['\${SOAK_TOKEN}'] },
  providers: [{ name: 'mock', protocol: 'openai', baseUrl: '${mockUrl}/v1', keys: ['sk-soak'], models: ['bench-n20-d0'] }],
}
`,
    )
    pinai = await startPinai(['--config', join(dir, 'pinai.config.ts')], {
      cwd: dir,
      env: { DATABASE_URL: database.url, SOAK_TOKEN: TOKEN },
    })
  }, 60_000)

  afterAll(async () => {
    await pinai?.stop()
    await new Promise((resolve) => mock?.close(resolve))
    await database?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it(
    `stores every request of ${SOAK_SECONDS} s at concurrency ${CONCURRENCY}, with flat RSS`,
    async () => {
      const pid = pinai.child.pid as number
      const pool = new Pool(pinai.url, { connections: CONCURRENCY, pipelining: 1 })
      const bodies = [false, true].map((stream) =>
        JSON.stringify({ model: 'bench-n20-d0', stream, messages: [{ role: 'user', content: 'Hi' }] }),
      )
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }
      const statuses = new Map<number, number>()
      let sent = 0
      const started = performance.now()
      const deadline = started + SOAK_SECONDS * 1000
      const client = async (index: number) => {
        while (performance.now() < deadline) {
          const body = bodies[(sent + index) % 2] as string
          sent += 1
          const response = await pool.request({ path: '/openai/v1/chat/completions', method: 'POST', headers, body })
          for await (const chunk of response.body) void chunk
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
        }
      }
      const samples: Array<{ second: number; rss: number }> = []
      const sampler = setInterval(
        () => samples.push({ second: (performance.now() - started) / 1000, rss: rssMiB(pid) }),
        1000,
      )
      try {
        await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => client(index)))
      } finally {
        clearInterval(sampler)
        await pool.close()
      }
      const seconds = (performance.now() - started) / 1000
      expect(Object.fromEntries(statuses)).toEqual({ 200: sent })
      expect(mockRequests).toBe(sent)

      // Records are written a moment after their answer; wait (bounded) until the writer has caught up.
      let stored = await countRows(database)
      for (let waited = 0; stored.requests < sent && waited < 15_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250))
        stored = await countRows(database)
      }
      const middle = (WARMUP_SECONDS + seconds) / 2
      const floor = (from: number, to: number) =>
        Math.min(...samples.filter((sample) => sample.second >= from && sample.second < to).map((sample) => sample.rss))
      const warm = floor(WARMUP_SECONDS, middle)
      const end = floor(middle, seconds + 1)
      const peak = Math.max(...samples.filter((sample) => sample.second >= WARMUP_SECONDS).map((sample) => sample.rss))
      const storeLines = pinai
        .output()
        .split('\n')
        .filter((line) => line.includes('pinai store:'))
      console.info(
        `soak: ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), ${stored.requests} stored; ` +
          `RSS floor ${warm.toFixed(0)} MiB after warm-up, ${end.toFixed(0)} MiB in the second half, peak ${peak.toFixed(0)} MiB` +
          (storeLines.length ? `\n${storeLines.join('\n')}` : ''),
      )
      expect(stored).toEqual({ requests: sent, rollups: sent })
      // A machine stall may make the writer fall behind for a moment (the log then says the store is slow);
      // nothing may be dropped, and no write may fail.
      expect(storeLines.filter((line) => /records dropped|failed|could not be written/.test(line))).toEqual([])
      expect(end - warm).toBeLessThan(RSS_FLOOR_RISE_LIMIT_MIB)
      expect(peak - warm).toBeLessThan(RSS_PEAK_LIMIT_MIB)
    },
    (SOAK_SECONDS + 60) * 1000,
  )
})

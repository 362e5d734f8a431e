/**
 * `npm run bench:ab -- --ref HEAD~1 --scenario openai-json`: two builds of pinai — the working tree (B)
 * and a git ref (A, checked out into a temporary worktree) — taking turns against one plain proxy, in
 * rounds, each alone on CPU 0 as in `npm run bench`. The VM's speed drifts by tens of percent within
 * minutes, so two complete benchmark runs cannot tell a change of a few percent from the drift; builds
 * measured in turns share it. Prints each round and the medians: req/s against the plain proxy and CPU
 * per request (all threads), the highest peak RSS of a round and the event loop's delay. `--node-flags-a` / `--node-flags-b` start a build with node flags (compare
 * V8 settings on one build: `--ref HEAD --node-flags-b=--max-semi-space-size=8`).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runWrk } from './load/run-wrk.ts'
import { createPinaiSetup } from './pinai-setup.ts'
import { startMeasured, type MeasuredProcess } from './process/measured-process.ts'
import { models, scenarioNamed } from './scenarios.ts'

const { values } = parseArgs({
  options: {
    ref: { type: 'string', default: 'HEAD' },
    scenario: { type: 'string', default: 'openai-json' },
    rounds: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '2' },
    'node-flags-a': { type: 'string', default: '' },
    'node-flags-b': { type: 'string', default: '' },
  },
})
const scenario = scenarioNamed(values.scenario)
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const root = here('..')
const seconds = Number(values.seconds)

// Build A: the ref, checked out beside the repository's own node_modules.
const worktree = mkdtempSync(join(tmpdir(), 'pinai-ab-'))
execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', '--quiet', worktree, values.ref], { stdio: 'inherit' })
symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'))

const mock = await startMeasured({ name: 'mock', script: here('./mock/mock-upstream.ts'), typescript: true, cpus: '1' })
const setup = createPinaiSetup(mock.url)
const servers: MeasuredProcess[] = []
try {
  const proxy = await startMeasured({
    name: 'proxy',
    script: here('./plain-proxy.ts'),
    typescript: true,
    cpus: '0',
    env: { UPSTREAM_URL: mock.url },
  })
  servers.push(proxy)
  const startPinai = async (name: 'A' | 'B', checkout: string) => {
    const env = { ...setup.env, DATABASE_URL: `sqlite:${join(setup.dir, `${name}.db`)}` }
    const server = await startMeasured({
      name,
      script: join(checkout, 'bin/pinai.mjs'),
      args: ['serve', '--config', setup.configFile],
      cwd: setup.dir,
      env,
      cpus: '0',
      startTimeoutMs: 120_000,
      nodeFlags: (name === 'A' ? values['node-flags-a'] : values['node-flags-b']).split(' ').filter(Boolean),
    })
    servers.push(server)
    return server
  }
  const builds = { A: await startPinai('A', worktree), B: await startPinai('B', root) }
  const measure = async (server: MeasuredProcess, durationS: number) => {
    for (const other of servers) if (other !== server) other.pause()
    server.resume()
    const target = server === proxy ? 'proxy' : 'pinai'
    const request = scenario.request(
      target,
      { direct: mock.url, proxy: proxy.url, pinai: server.url, token: setup.token },
      models.burst,
    )
    await server.reset()
    const load = await runWrk({ ...request, connections: Number(values.concurrency), durationS, cpus: '1' })
    const probe = await server.read()
    return {
      rps: load.requests / durationS,
      cpuUs: (probe.cpuMs * 1000) / Math.max(1, load.requests),
      peakMiB: probe.peakRssBytes / 2 ** 20,
      delayP99Ms: probe.loopDelayP99Ms,
    }
  }
  // Warm-up: the JIT settles in the first seconds of load.
  for (const server of servers) await measure(server, 3)
  const ratios: Record<'A' | 'B', number[]> = { A: [], B: [] }
  const cpu: Record<'A' | 'B' | 'proxy', number[]> = { A: [], B: [], proxy: [] }
  const peaks: Record<'A' | 'B', number[]> = { A: [], B: [] }
  const delays: Record<'A' | 'B', number[]> = { A: [], B: [] }
  console.log(`${scenario.label}, c=${values.concurrency}: A = ${values.ref}, B = the working tree`)
  for (let round = 0; round < Number(values.rounds); round++) {
    // The order alternates, so neither build always follows the proxy.
    const order = round % 2 === 0 ? [builds.A, proxy, builds.B] : [builds.B, proxy, builds.A]
    const seen = new Map<MeasuredProcess, Awaited<ReturnType<typeof measure>>>()
    for (const server of order) seen.set(server, await measure(server, seconds))
    const base = seen.get(proxy) as Awaited<ReturnType<typeof measure>>
    const line = [`round ${round}: proxy ${base.rps.toFixed(0)} req/s ${base.cpuUs.toFixed(0)} µs`]
    cpu.proxy.push(base.cpuUs)
    for (const name of ['A', 'B'] as const) {
      const figures = seen.get(builds[name]) as Awaited<ReturnType<typeof measure>>
      ratios[name].push(figures.rps / base.rps)
      cpu[name].push(figures.cpuUs)
      peaks[name].push(figures.peakMiB)
      delays[name].push(figures.delayP99Ms)
      line.push(
        `${name} ${figures.rps.toFixed(0)} req/s ${figures.cpuUs.toFixed(0)} µs ${(figures.rps / base.rps).toFixed(3)}× ${figures.peakMiB.toFixed(0)} MiB`,
      )
    }
    console.log(line.join('  '))
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN
  const summary = (name: 'A' | 'B') =>
    `${name} ${median(ratios[name]).toFixed(3)}× ${median(cpu[name]).toFixed(0)} µs, peak RSS ${Math.max(...peaks[name]).toFixed(0)} MiB, loop delay p99 ${median(delays[name]).toFixed(1)} ms`
  console.log(`medians: proxy ${median(cpu.proxy).toFixed(0)} µs CPU/req; ${summary('A')}; ${summary('B')}`)
} finally {
  for (const server of servers.reverse()) await server.stop().catch(() => undefined)
  await mock.stop().catch(() => undefined)
  setup.remove()
  execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', worktree], { stdio: 'inherit' })
  rmSync(worktree, { recursive: true, force: true })
}

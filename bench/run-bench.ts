import { execFileSync } from 'node:child_process'
import { Agent } from 'node:http'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { BenchResult, CellResult, TimingResult } from './bench-result.ts'
import { combineSlices } from './combine-slices.ts'
import { describeMachine } from './describe-machine.ts'
import type { LoadOptions, LoadResult } from './load/load-result.ts'
import { percentile, runNodeLoad } from './load/run-node-load.ts'
import { hasWrk, runWrk } from './load/run-wrk.ts'
import { parseModelSpec } from './mock/mock-upstream.ts'
import { createPinaiSetup } from './pinai-setup.ts'
import { foreignCpuMs, snapshotCpu } from './process/machine-cpu.ts'
import { startMeasured, type MeasuredProcess } from './process/measured-process.ts'
import { models, scenarioNamed, targetNames, type Scenario, type TargetName, type TargetUrls } from './scenarios.ts'
import { timeStream } from './ttfb/time-stream.ts'

/** What to measure and how long. */
export interface BenchOptions {
  scenarios: string[]
  concurrency: number[]
  /** Seconds of load per cell and target (whole seconds: wrk's resolution). */
  durationS: number
  /** Slices each cell's time is cut into, the targets taking turns (default 3; at most one per second). */
  slices?: number
  /** Seconds of load per scenario and target before measuring (0: none). */
  warmupS: number
  /** Stop each load run after this many responses (smoke runs). */
  maxRequests?: number
  /** Paced stream requests per target and stream scenario. */
  timingRequests: number
  /** A cell during which other processes used more than `foreignLimit` CPUs is measured again, up to `maxTries` times. */
  maxTries?: number
  foreignLimit?: number
  /** Pin the measured server to CPU 0 and everything else to CPU 1 (when there are two CPUs and taskset). */
  pin: boolean
  generator: 'wrk' | 'node' | 'auto'
  log?: (line: string) => void
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

// Settings of the user's shell that would change pinai's behaviour under test.
const pinaiEnvironment = [
  'API_TOKEN',
  'ADMIN_TOKEN',
  'MODEL_MAPPING',
  'USER_AGENT',
  'PINAI_CONFIG',
  'ENABLE_WEB',
  'DATABASE_URL',
  'GITHUB_PROXY',
]

function canPin(): boolean {
  if (availableParallelism() < 2) return false
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** One request per scenario and target, so a broken setup fails in a second, not after minutes. */
async function checkTargets(scenarios: Scenario[], urls: TargetUrls) {
  for (const scenario of scenarios) {
    for (const target of targetNames) {
      const request = scenario.request(target, urls, models.burst)
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body })
      const text = await response.text()
      if (response.status !== 200 || !text.includes('t19 ')) {
        throw new Error(`${scenario.name} via ${target}: ${response.status} ${text.slice(0, 300)}`)
      }
    }
  }
}

/** Runs the whole benchmark: starts mock, plain proxy and pinai, measures, stops them. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => undefined)
  const started = performance.now()
  const startedAt = new Date().toISOString()
  const scenarios = options.scenarios.map(scenarioNamed)
  const generator = options.generator === 'auto' ? (hasWrk() ? 'wrk' : 'node') : options.generator
  if (generator === 'node')
    log('wrk not found: using the built-in Node load generator (figures will be lower; install wrk for real ones)')
  const pinning = options.pin && canPin() ? { subject: '0', side: '1' } : undefined
  // This process (the timing client, and the Node load generator if used) shares the side CPU.
  if (pinning) execFileSync('taskset', ['-a', '-cp', pinning.side, String(process.pid)], { stdio: 'ignore' })

  const processes: MeasuredProcess[] = []
  const setupRemovers: Array<() => void> = []
  try {
    const mock = await startMeasured({
      name: 'mock',
      script: here('./mock/mock-upstream.ts'),
      typescript: true,
      cpus: pinning?.side,
    })
    processes.push(mock)
    const proxy = await startMeasured({
      name: 'plain proxy',
      script: here('./plain-proxy.ts'),
      typescript: true,
      cpus: pinning?.subject,
      env: { UPSTREAM_URL: mock.url },
    })
    processes.push(proxy)
    const setup = createPinaiSetup(mock.url)
    setupRemovers.push(setup.remove)
    const pinai = await startMeasured({
      name: 'pinai',
      script: here('../bin/pinai.mjs'),
      args: ['serve', '--config', setup.configFile],
      cwd: setup.dir,
      env: setup.env,
      unsetEnv: pinaiEnvironment.filter((name) => !(name in setup.env)),
      cpus: pinning?.subject,
    })
    processes.push(pinai)
    const urls: TargetUrls = { direct: mock.url, proxy: proxy.url, pinai: pinai.url, token: setup.token }
    const serving: Record<TargetName, MeasuredProcess> = { direct: mock, proxy, pinai }
    const subjects = [proxy, pinai]
    const resumeAll = () => subjects.forEach((subject) => subject.resume())
    // The server under test runs alone on its CPU: the other one is frozen (its background work, such as
    // pinai's sql.js persistence, waits for its own next cell). Resumed timers fire late once, so the
    // measurement window opens a moment after the resume.
    const runAlone = async (server: MeasuredProcess) => {
      for (const subject of subjects) if (subject !== server) subject.pause()
      server.resume()
      await new Promise((resolve) => setTimeout(resolve, 100))
      await server.reset()
    }
    log(
      `mock ${mock.url} · plain proxy ${proxy.url} · pinai ${pinai.url} · load: ${generator}${pinning ? ` · pinned: servers under test on CPU ${pinning.subject}, mock + load + this on CPU ${pinning.side}` : ' · not pinned'}`,
    )
    await checkTargets(scenarios, urls)

    const load = (
      scenario: Scenario,
      target: TargetName,
      connections: number,
      durationS: number,
      maxRequests?: number,
    ): Promise<LoadResult> => {
      const request = scenario.request(target, urls, models.burst)
      const loadOptions: LoadOptions = { ...request, connections, durationS, maxRequests, cpus: pinning?.side }
      return generator === 'wrk' ? runWrk(loadOptions) : runNodeLoad(loadOptions)
    }

    if (options.warmupS > 0) {
      log(`warming up (${options.warmupS}s per scenario and target at concurrency 16)`)
      for (const scenario of scenarios) {
        for (const target of targetNames) {
          await runAlone(serving[target])
          await load(scenario, target, 16, options.warmupS)
        }
      }
    }

    /** One slice: `target` alone under load, what its process did, and what other processes took meanwhile. */
    const measureSlice = async (
      scenario: Scenario,
      concurrency: number,
      target: TargetName,
      durationS: number,
    ): Promise<CellResult> => {
      const server = serving[target]
      await runAlone(server)
      if (server !== mock) await mock.reset()
      const before = snapshotCpu()
      const result = await load(scenario, target, concurrency, durationS, options.maxRequests)
      const after = snapshotCpu()
      const probe = await server.read()
      const mockCpu = server === mock ? 0 : (await mock.read()).cpuMs
      const foreign = foreignCpuMs(before, after, probe.cpuMs + mockCpu)
      return {
        scenario: scenario.name,
        concurrency,
        target,
        load: result,
        probe,
        foreignCpus: foreign === undefined ? undefined : foreign / result.durationMs,
        tries: 1,
      }
    }

    // Each cell's time is cut into slices (whole seconds, wrk's resolution) and the targets take turns.
    const slices = Math.max(1, Math.min(options.slices ?? 3, Math.floor(options.durationS)))
    const sliceS = Math.max(1, Math.round(options.durationS / slices))
    const cells: CellResult[] = []
    let rotation = 0
    for (const scenario of scenarios) {
      for (const concurrency of options.concurrency) {
        let best: CellResult[] = []
        let bestForeign = Number.POSITIVE_INFINITY
        for (let tries = 1; tries <= (options.maxTries ?? 3); tries += 1) {
          const parts: Record<TargetName, CellResult[]> = { direct: [], proxy: [], pinai: [] }
          for (let slice = 0; slice < slices; slice += 1) {
            // Rotate the order in each slice so no target always runs first (or last) after a change.
            const order = targetNames.map(
              (_, index) => targetNames[(index + rotation) % targetNames.length] as TargetName,
            )
            rotation += 1
            for (const target of order) parts[target].push(await measureSlice(scenario, concurrency, target, sliceS))
          }
          const combined = targetNames.map((target) => combineSlices(parts[target]))
          const foreign = Math.max(...combined.map((cell) => cell.foreignCpus ?? 0))
          if (foreign < bestForeign) {
            best = combined
            bestForeign = foreign
          }
          for (const cell of best) cell.tries = tries
          if (foreign <= (options.foreignLimit ?? 0.1)) break
          log(
            `  other processes took up to ${(foreign * 100).toFixed(0)}% of a CPU during ${scenario.name} c=${concurrency}: measuring again`,
          )
        }
        for (const cell of best) {
          cells.push(cell)
          const result = cell.load
          log(
            `${scenario.name.padEnd(20)} c=${String(concurrency).padEnd(3)} ${cell.target.padEnd(7)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `  ${result.errors} errors` : ''}`,
          )
        }
      }
    }

    resumeAll()
    const timings = await measureTimings(
      scenarios.filter((scenario) => scenario.stream),
      urls,
      options.timingRequests,
      log,
    )
    return {
      setup: {
        scenarios: options.scenarios,
        concurrency: options.concurrency,
        durationS: options.durationS,
        slices,
        warmupS: options.warmupS,
        generator,
        pinning,
        pacedTokens: parseModelSpec(models.paced).tokens,
        pacedDelayMs: parseModelSpec(models.paced).delayMs,
      },
      machine: describeMachine(),
      startedAt,
      durationMs: performance.now() - started,
      cells,
      timings,
    }
  } finally {
    for (const server of processes.reverse()) await server.stop().catch(() => undefined)
    for (const remove of setupRemovers) remove()
  }
}

/** Paced streams at concurrency 1, the targets interleaved request by request. */
async function measureTimings(
  scenarios: Scenario[],
  urls: TargetUrls,
  requests: number,
  log: (line: string) => void,
): Promise<TimingResult[]> {
  const tokens = parseModelSpec(models.paced).tokens
  const results: TimingResult[] = []
  for (const scenario of scenarios) {
    const agents = Object.fromEntries(
      targetNames.map((target) => [target, new Agent({ keepAlive: true, maxSockets: 1 })]),
    ) as Record<TargetName, Agent>
    const seen: Record<TargetName, Array<{ first: number; last: number; gaps: number[] }>> = {
      direct: [],
      proxy: [],
      pinai: [],
    }
    const warmup = 2
    for (let round = 0; round < requests + warmup; round += 1) {
      for (const target of targetNames) {
        const timing = await timeStream(scenario.request(target, urls, models.paced), agents[target], tokens)
        if (round < warmup) continue
        const gaps = timing.tokenMs.slice(1).map((at, index) => at - (timing.tokenMs[index] as number))
        seen[target].push({ first: timing.tokenMs[0] as number, last: timing.tokenMs.at(-1) as number, gaps })
      }
    }
    for (const agent of Object.values(agents)) agent.destroy()
    for (const target of targetNames) {
      const samples = seen[target]
      const result: TimingResult = {
        scenario: scenario.name,
        target,
        requests: samples.length,
        firstTokenMs: median(samples.map((sample) => sample.first)),
        lastTokenMs: median(samples.map((sample) => sample.last)),
        tokenGapMs: median(samples.flatMap((sample) => sample.gaps)),
      }
      results.push(result)
      log(
        `${scenario.name.padEnd(20)} paced  ${target.padEnd(7)} first token ${result.firstTokenMs.toFixed(2)} ms  last ${result.lastTokenMs.toFixed(2)} ms  gap ${result.tokenGapMs.toFixed(2)} ms`,
      )
    }
  }
  return results
}

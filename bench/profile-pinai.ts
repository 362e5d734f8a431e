/**
 * `npm run bench:profile -- --scenario openai-json --concurrency 16`: pinai under wrk load with a CPU
 * profile of its main thread (start-up excluded), written as a `.cpuprofile` (open it in Chrome
 * DevTools) and summarized: where the time goes, by function and by package or file.
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { hasWrk, runWrk } from './load/run-wrk.ts'
import { runNodeLoad } from './load/run-node-load.ts'
import { createPinaiSetup } from './pinai-setup.ts'
import { startMeasured } from './process/measured-process.ts'
import { summarizeProfile, type CpuProfile, type ProfileLine } from './report/summarize-profile.ts'
import { models, scenarioNamed, type TargetUrls } from './scenarios.ts'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'openai-json' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '5' },
    out: { type: 'string' },
    top: { type: 'string', default: '30' },
    /** Another request log for comparison (e.g. `memory:`); the bench itself always uses sql.js. */
    'database-url': { type: 'string' },
  },
})

const scenario = scenarioNamed(values.scenario)
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const file = values.out ?? join(tmpdir(), `pinai-${scenario.name}-c${values.concurrency}.cpuprofile`)

const mock = await startMeasured({ name: 'mock', script: here('./mock/mock-upstream.ts'), typescript: true, cpus: '1' })
const setup = createPinaiSetup(mock.url)
const env = values['database-url'] ? { ...setup.env, DATABASE_URL: values['database-url'] } : setup.env
const pinai = await startMeasured({
  name: 'pinai',
  script: here('../bin/pinai.mjs'),
  args: ['serve', '--config', setup.configFile],
  cwd: setup.dir,
  env,
  cpus: '0',
})
try {
  const urls: TargetUrls = { direct: mock.url, proxy: mock.url, pinai: pinai.url, token: setup.token }
  const request = scenario.request('pinai', urls, models.burst)
  const load = (durationS: number) => {
    const options = { ...request, connections: Number(values.concurrency), durationS, cpus: '1' }
    return hasWrk() ? runWrk(options) : runNodeLoad(options)
  }
  await load(2)
  await pinai.startProfile()
  await pinai.reset()
  const result = await load(Number(values.duration))
  const probe = await pinai.read()
  await pinai.stopProfile(file)
  console.log(
    `${scenario.label}, c=${values.concurrency}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ${result.errors} errors, ` +
      `CPU ${(probe.cpuMs / result.requests).toFixed(3)} ms/request (all threads), peak RSS ${(probe.peakRssBytes / 2 ** 20).toFixed(0)} MiB, main heap ${(probe.heapUsedBytes / 2 ** 20).toFixed(0)} of ${(probe.heapTotalBytes / 2 ** 20).toFixed(0)} MiB, loop delay p99 ${probe.loopDelayP99Ms.toFixed(1)} ms`,
  )
  console.log(`profile: ${file}`)
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(values.top))
  const print = (title: string, lines: ProfileLine[]) => {
    console.log(`\n${title}`)
    for (const line of lines) console.log(`${line.percent.toFixed(1).padStart(6)}%  ${line.name}`)
  }
  print('self time by area', summary.areas)
  print('inclusive time by area (on the stack)', summary.inclusive)
  print('self time by function', summary.functions)
} finally {
  await pinai.stop()
  const warnings = pinai
    .output()
    .split('\n')
    .filter((line) => /drop|could not|fail|warn/i.test(line))
  if (warnings.length) console.log(`pinai said:\n${warnings.slice(0, 10).join('\n')}`)
  await mock.stop()
  setup.remove()
}

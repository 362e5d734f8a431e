/**
 * `npm run bench:compare -- --scenario openai-json`: the bare @whatwg-node/server passthrough and pinai
 * under the same wrk load, each with a CPU profile of its main thread, and the difference per request:
 * for each function, microseconds of main-thread time per request in pinai, in the bare server, and
 * pinai's extra. The bare server shares pinai's server layer and HTTP client, so what is left is what
 * pinai itself adds (with the request log on), function by function.
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runWrk } from './load/run-wrk.ts'
import { createPinaiSetup } from './pinai-setup.ts'
import { startMeasured, type MeasuredProcess } from './process/measured-process.ts'
import type { CpuProfile } from './report/summarize-profile.ts'
import { models, scenarioNamed, type TargetName } from './scenarios.ts'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'openai-json' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '5' },
    top: { type: 'string', default: '40' },
    // `extra` (pinai's µs minus the bare server's) or `pinai` (pinai's own µs, to see where its time goes).
    sort: { type: 'string', default: 'extra' },
  },
})
const scenario = scenarioNamed(values.scenario)
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Main-thread time per function (name and file, without the build's chunk hashes), in µs. */
function selfTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const times = new Map<string, number>()
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame
    if (!frame) return
    const file = frame.url.replace(/.*\/(node_modules\/)?/, '').replace(/-[A-Z0-9]{8}\.mjs$/, '')
    const key = `${frame.functionName || '(anonymous)'} ${file}`
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0))
  })
  return times
}

const mock = await startMeasured({ name: 'mock', script: here('./mock/mock-upstream.ts'), typescript: true, cpus: '1' })
const setup = createPinaiSetup(mock.url)
const bare = await startMeasured({ name: 'bare whatwg', script: here('./calibration/bare-whatwg-proxy.ts'), typescript: true, cpus: '0', env: { UPSTREAM_URL: mock.url } })
const pinai = await startMeasured({ name: 'pinai', script: here('../bin/pinai.mjs'), args: ['serve', '--config', setup.configFile], cwd: setup.dir, env: setup.env, cpus: '0' })
try {
  const measure = async (server: MeasuredProcess, target: TargetName) => {
    for (const other of [bare, pinai]) if (other !== server) other.pause()
    server.resume()
    const request = scenario.request(target, { direct: mock.url, proxy: bare.url, pinai: pinai.url, token: setup.token }, models.burst)
    const load = (durationS: number) => runWrk({ ...request, connections: Number(values.concurrency), durationS, cpus: '1' })
    await load(2)
    await server.startProfile()
    await server.reset()
    const result = await load(Number(values.duration))
    const probe = await server.read()
    const file = join(tmpdir(), `pinai-compare-${server.name.replace(/\W/g, '-')}.cpuprofile`)
    await server.stopProfile(file)
    return { requests: result.requests, cpuUs: (probe.cpuMs * 1000) / result.requests, times: selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile) }
  }
  const base = await measure(bare, 'proxy')
  const ours = await measure(pinai, 'pinai')
  console.log(`${scenario.label}, c=${values.concurrency}: bare server ${base.cpuUs.toFixed(1)} µs CPU per request (all threads), pinai ${ours.cpuUs.toFixed(1)} µs`)
  const rows = [...new Set([...base.times.keys(), ...ours.times.keys()])].map((name) => {
    const pinaiUs = (ours.times.get(name) ?? 0) / ours.requests
    const bareUs = (base.times.get(name) ?? 0) / base.requests
    return { name, pinaiUs, bareUs, extra: pinaiUs - bareUs }
  })
  rows.sort((a, b) => (values.sort === 'pinai' ? b.pinaiUs - a.pinaiUs : b.extra - a.extra))
  console.log('\nmain-thread µs per request:   pinai    bare   extra  function')
  for (const row of rows.slice(0, Number(values.top))) {
    console.log(`${' '.repeat(28)}${row.pinaiUs.toFixed(2).padStart(7)} ${row.bareUs.toFixed(2).padStart(7)} ${row.extra.toFixed(2).padStart(7)}  ${row.name}`)
  }
} finally {
  await pinai.stop()
  await bare.stop()
  await mock.stop()
  setup.remove()
}

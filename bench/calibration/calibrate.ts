/**
 * `npm run bench:calibrate`: the plain proxy against a bare @whatwg-node/server + itty-router
 * passthrough (the calibration point), interleaved, each alone on CPU 0 as in `npm run bench`.
 * It tells how much of the gap between pinai and the plain proxy the shared server layer explains.
 */
import { fileURLToPath } from 'node:url'
import { runWrk } from '../load/run-wrk.ts'
import { startMeasured, type MeasuredProcess } from '../process/measured-process.ts'
import { models, scenarios } from '../scenarios.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const mock = await startMeasured({ name: 'mock', script: here('../mock/mock-upstream.ts'), typescript: true, cpus: '1' })
const proxy = await startMeasured({ name: 'plain proxy', script: here('../plain-proxy.ts'), typescript: true, cpus: '0', env: { UPSTREAM_URL: mock.url } })
const bare = await startMeasured({ name: 'bare whatwg', script: here('./bare-whatwg-proxy.ts'), typescript: true, cpus: '0', env: { UPSTREAM_URL: mock.url } })
try {
  const measure = async (server: MeasuredProcess, scenario: (typeof scenarios)[number], connections: number, durationS: number) => {
    for (const other of [proxy, bare]) if (other !== server) other.pause()
    server.resume()
    await new Promise((resolve) => setTimeout(resolve, 100))
    await server.reset()
    const request = scenario.request('proxy', { direct: mock.url, proxy: server.url, pinai: '', token: '' }, models.burst)
    const result = await runWrk({ ...request, connections, durationS, cpus: '1' })
    return { result, probe: await server.read() }
  }
  for (const name of ['openai-json', 'openai-stream']) {
    const scenario = scenarios.find((candidate) => candidate.name === name)
    if (!scenario) continue
    for (const server of [proxy, bare]) await measure(server, scenario, 16, 1)
    for (const connections of [1, 16]) {
      const rows: Array<{ server: MeasuredProcess } & Awaited<ReturnType<typeof measure>>> = []
      for (const server of [proxy, bare, bare, proxy]) rows.push({ server, ...(await measure(server, scenario, connections, 2)) })
      const mean = (server: MeasuredProcess, pick: (row: (typeof rows)[number]) => number) => {
        const mine = rows.filter((row) => row.server === server)
        return mine.reduce((sum, row) => sum + pick(row), 0) / mine.length
      }
      const rps = (server: MeasuredProcess) => mean(server, (row) => row.result.requestsPerSecond)
      const cpu = (server: MeasuredProcess) => mean(server, (row) => row.probe.cpuMs / row.result.requests)
      const p50 = (server: MeasuredProcess) => mean(server, (row) => row.result.p50Ms)
      console.log(
        `${scenario.label.padEnd(26)} c=${String(connections).padEnd(3)} plain proxy ${rps(proxy).toFixed(0).padStart(6)} req/s p50 ${p50(proxy).toFixed(3)} ms ${cpu(proxy).toFixed(3)} ms CPU/req · ` +
          `bare whatwg ${rps(bare).toFixed(0).padStart(6)} req/s p50 ${p50(bare).toFixed(3)} ms ${cpu(bare).toFixed(3)} ms CPU/req · ratio ${(rps(bare) / rps(proxy)).toFixed(2)}×`,
      )
    }
  }
} finally {
  for (const server of [bare, proxy, mock]) await server.stop()
}

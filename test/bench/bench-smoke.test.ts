import { describe, expect, it } from 'vitest'
import { hasWrk, runWrk } from '../../bench/load/run-wrk.ts'
import { createMockUpstream, listenMockUpstream } from '../../bench/mock/mock-upstream.ts'
import { formatReport } from '../../bench/report/format-report.ts'
import { runBench } from '../../bench/run-bench.ts'
import { defaultScenarios, models, scenarios, targetNames } from '../../bench/scenarios.ts'

// The benchmark is not a timed test: these only prove, in a few seconds, that `npm run bench` still
// runs end to end (mock, plain proxy, the real pinai process, load generators, timing client, report).
describe('npm run bench (smoke)', () => {
  it('measures every scenario on every target without errors and reports them', async () => {
    const result = await runBench({
      scenarios: defaultScenarios,
      concurrency: [2],
      durationS: 0.25,
      warmupS: 0,
      maxRequests: 100,
      timingRequests: 1,
      // Pinning would pin the test runner itself; wrk runs whole seconds (it has its own test below).
      pin: false,
      generator: 'node',
    })
    expect(result.cells).toHaveLength(defaultScenarios.length * targetNames.length)
    for (const cell of result.cells) {
      expect(cell.load.errors, `${cell.scenario} via ${cell.target}`).toBe(0)
      expect(cell.load.requests, `${cell.scenario} via ${cell.target}`).toBeGreaterThan(0)
      expect(cell.probe.cpuMs).toBeGreaterThan(0)
      expect(cell.probe.peakRssBytes).toBeGreaterThan(0)
    }
    // Paced streams: every token seen, in pace (10 ms apart), through all three targets.
    expect(result.timings).toHaveLength(3 * targetNames.length)
    for (const timing of result.timings) {
      expect(timing.firstTokenMs).toBeGreaterThan(5)
      expect(timing.tokenGapMs).toBeGreaterThan(5)
      expect(timing.lastTokenMs).toBeGreaterThan(timing.firstTokenMs)
    }
    const report = formatReport(result)
    expect(report).toContain('| stream OpenAI→Gemini (translated) |')
    expect(report).toContain('### Paced streams')
  }, 60_000)

  // CI installs wrk (.ci/run), so there this runs; elsewhere it needs wrk on the PATH.
  it.skipIf(!hasWrk() && !process.env.CI)(
    'drives wrk and reads its summary',
    async () => {
      const server = createMockUpstream()
      const url = await listenMockUpstream(server)
      try {
        const scenario = scenarios.find((candidate) => candidate.name === 'openai-stream')
        const request = scenario?.request(
          'direct',
          { direct: url, proxy: url, pinai: url, token: 'unused' },
          models.burst,
        )
        if (!request) throw new Error('no openai-stream scenario')
        const result = await runWrk({ ...request, connections: 2, durationS: 1 })
        expect(result.errors).toBe(0)
        expect(result.requests).toBeGreaterThan(10)
        expect(result.p50Ms).toBeGreaterThan(0)
        expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms)
      } finally {
        await new Promise((resolve) => server.close(resolve))
      }
    },
    20_000,
  )
})

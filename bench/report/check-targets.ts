import type { BenchResult, CellResult, TimingResult } from '../bench-result.ts'
import { scenarios, type TargetName } from '../scenarios.ts'

/** One of the targets (BENCHMARKS.md, "The targets"), as measured in one run. */
export interface TargetCheck {
  target: string
  limit: string
  measured: string
  /** Undefined when the run did not measure what the target needs (e.g. a smoke run). */
  met: boolean | undefined
}

const mib = 2 ** 20
const format = (value: number, digits = 2) => value.toFixed(digits)

/** CPU time per 1,000 answered requests, in seconds (ms per request). */
export function cpuPerThousand(cell: CellResult): number {
  return cell.load.requests > 0 ? cell.probe.cpuMs / cell.load.requests : Number.NaN
}

function cell(result: BenchResult, scenario: string, concurrency: number, target: TargetName): CellResult | undefined {
  return result.cells.find(
    (candidate) =>
      candidate.scenario === scenario && candidate.concurrency === concurrency && candidate.target === target,
  )
}

function timing(result: BenchResult, scenario: string, target: TargetName): TimingResult | undefined {
  return result.timings.find((candidate) => candidate.scenario === scenario && candidate.target === target)
}

const labelOf = (name: string) => scenarios.find((scenario) => scenario.name === name)?.label ?? name

/** Throughput of pinai over the plain proxy's for `scenario` at concurrency 16. */
function ratioCheck(result: BenchResult, scenario: string, minimum: number): TargetCheck {
  const pinai = cell(result, scenario, 16, 'pinai')
  const proxy = cell(result, scenario, 16, 'proxy')
  const ratio = pinai && proxy ? pinai.load.requestsPerSecond / proxy.load.requestsPerSecond : undefined
  return {
    target: `${labelOf(scenario)}: req/s vs plain proxy at c=16`,
    limit: `≥ ${minimum}×`,
    measured:
      ratio === undefined
        ? 'not measured'
        : `${format(ratio)}× (${pinai?.load.requestsPerSecond.toFixed(0)} vs ${proxy?.load.requestsPerSecond.toFixed(0)})`,
    met: ratio === undefined ? undefined : ratio >= minimum,
  }
}

/** Every target (BENCHMARKS.md, "The targets") that this run can judge. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = []
  const measured = result.setup.scenarios
  if (measured.includes('openai-json')) checks.push(ratioCheck(result, 'openai-json', 0.6))
  for (const name of ['anthropic-to-openai', 'openai-to-gemini'])
    if (measured.includes(name)) checks.push(ratioCheck(result, name, 0.45))

  for (const name of measured) {
    const pinai = cell(result, name, 1, 'pinai')
    const proxy = cell(result, name, 1, 'proxy')
    const extra = pinai && proxy ? pinai.load.p50Ms - proxy.load.p50Ms : undefined
    checks.push({
      target: `${labelOf(name)}: added p50 at c=1, beyond the plain proxy's`,
      limit: '≤ 0.2 ms',
      measured: extra === undefined ? 'not measured' : `${format(extra, 3)} ms`,
      met: extra === undefined ? undefined : extra <= 0.2,
    })
  }

  for (const name of measured.filter((scenario) => scenarios.find((known) => known.name === scenario)?.stream)) {
    const pinai = timing(result, name, 'pinai')
    const proxy = timing(result, name, 'proxy')
    const direct = timing(result, name, 'direct')
    const added = pinai && direct ? pinai.firstTokenMs - direct.firstTokenMs : undefined
    checks.push({
      target: `${labelOf(name)}: time to first byte added at c=1 (paced)`,
      limit: '≤ 1 ms',
      measured:
        added === undefined
          ? 'not measured'
          : `${format(added, 3)} ms (plain proxy: ${format((proxy?.firstTokenMs ?? 0) - (direct?.firstTokenMs ?? 0), 3)} ms)`,
      met: added === undefined ? undefined : added <= 1,
    })
    // Forwarded as they come: the upstream's pacing survives (same gap between tokens) and nothing piles
    // up (the last token is no later, relative to direct, than the first one was).
    const drift =
      pinai && direct ? pinai.lastTokenMs - direct.lastTokenMs - (pinai.firstTokenMs - direct.firstTokenMs) : undefined
    const gapDrift = pinai && direct ? Math.abs(pinai.tokenGapMs - direct.tokenGapMs) : undefined
    checks.push({
      target: `${labelOf(name)}: chunks forwarded as they come`,
      limit: 'token gap within 1 ms of direct; last token held back no more than the first (+1 ms)',
      measured:
        drift === undefined || gapDrift === undefined
          ? 'not measured'
          : `gap ${format(pinai?.tokenGapMs ?? 0)} vs ${format(direct?.tokenGapMs ?? 0)} ms; last vs first token ${drift >= 0 ? '+' : ''}${format(drift, 3)} ms`,
      // A negative drift is the first token's extra cost (the commit path, judged by its own target), not a pile-up.
      met: drift === undefined || gapDrift === undefined ? undefined : gapDrift <= 1 && drift <= 1,
    })
  }

  let worstCpu: { ratio: number; scenario: string; concurrency: number } | undefined
  for (const pinai of result.cells.filter((candidate) => candidate.target === 'pinai')) {
    const proxy = cell(result, pinai.scenario, pinai.concurrency, 'proxy')
    if (!proxy) continue
    const ratio = cpuPerThousand(pinai) / cpuPerThousand(proxy)
    if (!worstCpu || ratio > worstCpu.ratio)
      worstCpu = { ratio, scenario: pinai.scenario, concurrency: pinai.concurrency }
  }
  checks.push({
    target: 'CPU per 1,000 requests vs plain proxy (worst cell)',
    limit: '≤ 2×',
    measured: worstCpu
      ? `${format(worstCpu.ratio)}× (${worstCpu.scenario}, c=${worstCpu.concurrency})`
      : 'not measured',
    met: worstCpu ? worstCpu.ratio <= 2 : undefined,
  })

  const at64 = result.cells.filter((candidate) => candidate.target === 'pinai' && candidate.concurrency === 64)
  const peak = at64.length ? Math.max(...at64.map((candidate) => candidate.probe.peakRssBytes)) / mib : undefined
  checks.push({
    target: 'pinai peak RSS at c=64',
    limit: '≤ 150 MiB',
    measured: peak === undefined ? 'not measured' : `${format(peak, 0)} MiB`,
    met: peak === undefined ? undefined : peak <= 150,
  })

  // Saturated (c=64: 64 requests' work per loop turn) and below it, apart: the first says how long a turn
  // gets under load, the second whether anything else (the sql.js persistence) holds the loop.
  for (const [label, inScope] of [
    ['c ≤ 16', (concurrency: number) => concurrency <= 16],
    ['c = 64', (concurrency: number) => concurrency === 64],
  ] as const) {
    const cells = result.cells.filter((candidate) => candidate.target === 'pinai' && inScope(candidate.concurrency))
    const worst = cells.length
      ? cells.reduce((a, b) => (b.probe.loopDelayP99Ms > a.probe.loopDelayP99Ms ? b : a))
      : undefined
    const max = cells.length ? Math.max(...cells.map((candidate) => candidate.probe.loopDelayMaxMs)) : undefined
    checks.push({
      target: `pinai event-loop delay p99, worst cell at ${label} (sql.js persisting)`,
      limit: '≤ 20 ms',
      measured: worst
        ? `${format(worst.probe.loopDelayP99Ms)} ms (${worst.scenario}, c=${worst.concurrency}; max ${format(max ?? 0, 1)} ms)`
        : 'not measured',
      met: worst ? worst.probe.loopDelayP99Ms <= 20 : undefined,
    })
  }
  return checks
}

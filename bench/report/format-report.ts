import type { BenchResult, CellResult } from '../bench-result.ts'
import { scenarios, targetNames } from '../scenarios.ts'
import { checkTargets, cpuPerThousand } from './check-targets.ts'

const mib = 2 ** 20
const labelOf = (name: string) => scenarios.find((scenario) => scenario.name === name)?.label ?? name
const signed = (value: number, digits = 2) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`

function throughputTable(result: BenchResult): string {
  const rows = [
    "| scenario | c | target | req/s | × proxy | p50 ms | p99 ms | added p50 vs direct | CPU s / 1k req | peak RSS MiB | loop delay p99 ms | errors | others' CPU |",
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  const find = (scenario: string, concurrency: number, target: string) =>
    result.cells.find(
      (cell) => cell.scenario === scenario && cell.concurrency === concurrency && cell.target === target,
    )
  for (const scenario of result.setup.scenarios) {
    for (const concurrency of result.setup.concurrency) {
      const direct = find(scenario, concurrency, 'direct')
      const proxy = find(scenario, concurrency, 'proxy')
      for (const target of targetNames) {
        const cell: CellResult | undefined = find(scenario, concurrency, target)
        if (!cell) continue
        const load = cell.load
        rows.push(
          [
            target === 'direct' ? labelOf(scenario) : '',
            concurrency,
            target,
            load.requestsPerSecond.toFixed(0),
            proxy ? (load.requestsPerSecond / proxy.load.requestsPerSecond).toFixed(2) : '',
            load.p50Ms.toFixed(2),
            load.p99Ms.toFixed(2),
            direct && target !== 'direct' ? signed(load.p50Ms - direct.load.p50Ms, 3) : '',
            cpuPerThousand(cell).toFixed(3),
            (cell.probe.peakRssBytes / mib).toFixed(0),
            cell.probe.loopDelayP99Ms.toFixed(1),
            load.errors,
            cell.foreignCpus === undefined
              ? '?'
              : `${(cell.foreignCpus * 100).toFixed(0)}%${cell.tries > 1 ? ` (${cell.tries} tries)` : ''}`,
          ]
            .join(' | ')
            .replace(/^/, '| ') + ' |',
        )
      }
    }
  }
  return rows.join('\n')
}

function timingTable(result: BenchResult): string {
  const rows = [
    '| scenario | target | first token ms | added vs direct | last token ms | added vs direct | median token gap ms |',
    '|---|---|---:|---:|---:|---:|---:|',
  ]
  for (const timing of result.timings) {
    const direct = result.timings.find(
      (candidate) => candidate.scenario === timing.scenario && candidate.target === 'direct',
    )
    const isDirect = timing.target === 'direct'
    rows.push(
      `| ${isDirect ? labelOf(timing.scenario) : ''} | ${timing.target} | ${timing.firstTokenMs.toFixed(2)} | ${direct && !isDirect ? signed(timing.firstTokenMs - direct.firstTokenMs, 3) : ''} | ${timing.lastTokenMs.toFixed(2)} | ${direct && !isDirect ? signed(timing.lastTokenMs - direct.lastTokenMs, 3) : ''} | ${timing.tokenGapMs.toFixed(2)} |`,
    )
  }
  return rows.join('\n')
}

function targetsTable(result: BenchResult): string {
  const rows = ['| target | limit | measured | met |', '|---|---|---|---|']
  for (const check of checkTargets(result))
    rows.push(
      `| ${check.target} | ${check.limit} | ${check.measured} | ${check.met === undefined ? '–' : check.met ? 'yes' : '**no**'} |`,
    )
  return rows.join('\n')
}

/** The run as Markdown: machine and setup, targets, throughput table, paced-stream table. */
export function formatReport(result: BenchResult): string {
  const { machine, setup } = result
  const pinning = setup.pinning
    ? `plain proxy and pinai (all their threads) on CPU ${setup.pinning.subject}; mock upstream, load generator and the timing client on CPU ${setup.pinning.side} (\`taskset\`)`
    : 'nothing pinned'
  return `Run ${result.startedAt}, ${(result.durationMs / 1000).toFixed(0)} s. Machine: ${machine.cpu}, ${machine.cores} CPUs, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}${machine.wrk ? `, ${machine.wrk.replace(/ Copyright.*$/, '')}` : ''}.
Load: ${setup.generator === 'wrk' ? 'wrk, one thread' : 'the built-in Node load generator (wrk was not installed)'}, ${setup.durationS} s per cell and target after ${setup.warmupS} s of warm-up per scenario and target; ${(setup.slices ?? 1) > 1 ? `each cell in ${setup.slices} slices, the targets taking turns in a rotating order` : 'targets interleaved in each cell'}. Pinning: ${pinning}.
Paced streams: ${setup.pacedTokens} tokens, ${setup.pacedDelayMs} ms apart, at concurrency 1.
Others' CPU: CPU time taken meanwhile by processes outside the benchmark (the machine is shared), in % of one CPU; a cell above 10% is measured again (up to 3 tries) and the least disturbed try is kept.

### Targets

${targetsTable(result)}

### Throughput and latency

${throughputTable(result)}

### Paced streams (time to first token, pacing)

${timingTable(result)}
`
}

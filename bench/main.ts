/**
 * `npm run bench` (and `npm run bench:smoke`): measures direct, plain-proxy and pinai traffic in one
 * run and prints the Markdown report; `--write` puts it into BENCHMARKS.md, `--json FILE` keeps the raw figures.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { formatReport } from './report/format-report.ts'
import { runBench, type BenchOptions } from './run-bench.ts'
import { defaultScenarios } from './scenarios.ts'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    duration: { type: 'string' },
    slices: { type: 'string' },
    warmup: { type: 'string' },
    concurrency: { type: 'string' },
    scenarios: { type: 'string' },
    'timing-requests': { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    generator: { type: 'string', default: 'auto' },
    json: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
})

const list = (text: string | undefined) =>
  text
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean)
const smoke = values.smoke
const generator = values.generator
if (generator !== 'auto' && generator !== 'wrk' && generator !== 'node')
  throw new Error('--generator is auto, wrk or node')

const options: BenchOptions = {
  scenarios: list(values.scenarios) ?? defaultScenarios,
  // A smoke run only proves that the bench still works: one short cell per scenario and target.
  concurrency: (list(values.concurrency) ?? (smoke ? ['2'] : ['1', '16', '64'])).map(Number),
  durationS: Number(values.duration ?? (smoke ? 1 : 3)),
  slices: Number(values.slices ?? 3),
  warmupS: Number(values.warmup ?? (smoke ? 0 : 1)),
  maxRequests: smoke ? 200 : undefined,
  timingRequests: Number(values['timing-requests'] ?? (smoke ? 2 : 40)),
  pin: !values['no-pin'],
  generator,
  log: (line) => console.error(line),
}

const result = await runBench(options)
const report = formatReport(result)
console.log(report)
if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`)
if (values.write) {
  const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))
  const begin = '<!-- bench:begin (written by npm run bench -- --write) -->'
  const end = '<!-- bench:end -->'
  const text = readFileSync(file, 'utf8')
  const from = text.indexOf(begin)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`BENCHMARKS.md has no ${begin} … ${end} section`)
  writeFileSync(file, `${text.slice(0, from + begin.length)}\n${report}\n${text.slice(to)}`)
  console.error('BENCHMARKS.md updated')
}

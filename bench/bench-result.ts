import type { LoadResult } from './load/load-result.ts'
import type { ProbeReading } from './process/probe-reading.ts'
import type { TargetName } from './scenarios.ts'

/** One load run: a scenario at one concurrency on one target, with what the serving process did. */
export interface CellResult {
  scenario: string
  concurrency: number
  target: TargetName
  load: LoadResult
  /** The process that served the target: the mock (direct), the plain proxy, or pinai. */
  probe: ProbeReading
  /** CPUs that other processes (or the hypervisor) used meanwhile, on average; undefined off Linux. */
  foreignCpus: number | undefined
  /** How many times the cell was measured (again when other processes disturbed it); the least disturbed is kept. */
  tries: number
}

/** Paced-stream timing at concurrency 1 (medians over the requests). */
export interface TimingResult {
  scenario: string
  target: TargetName
  requests: number
  /** Time to the first token's bytes. */
  firstTokenMs: number
  /** Time to the last token's bytes. */
  lastTokenMs: number
  /** Median gap between consecutive tokens (the mock paces them `delayMs` apart). */
  tokenGapMs: number
}

/** How the benchmark ran. */
export interface BenchSetup {
  scenarios: string[]
  concurrency: number[]
  durationS: number
  /** Slices of each cell, the targets taking turns in each. */
  slices: number
  warmupS: number
  generator: 'wrk' | 'node'
  /** `taskset` CPU lists, or undefined when nothing was pinned. */
  pinning: { subject: string; side: string } | undefined
  pacedTokens: number
  pacedDelayMs: number
}

/** Everything one `npm run bench` measured. */
export interface BenchResult {
  setup: BenchSetup
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; wrk?: string }
  startedAt: string
  durationMs: number
  cells: CellResult[]
  timings: TimingResult[]
}

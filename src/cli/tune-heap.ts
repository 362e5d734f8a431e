import { setFlagsFromString } from 'node:v8'

/**
 * How far past what survived its last full collection the gateway's old generation may grow before
 * the next one. V8 sizes that step from its own speed measurements, up to four times the live data: at
 * concurrency 64 pinai's ~30 MiB of live objects grew to ~100 MiB of heap. A fixed 20 % keeps the old
 * generation near 40 MiB, about 60 MiB less at the peak, for no measured loss of throughput (BENCHMARKS.md,
 * "The embedded store over a long run").
 */
export const HEAP_GROWING_PERCENT = 20

const growingFlag = /^--heap[-_]growing[-_]percent(=|$)/

/**
 * Sets V8's heap growing step for the whole process (the sql.js worker included), unless the command
 * line already chose one (`node --heap-growing-percent=N bin/pinai.mjs serve`): the user's wins. V8 reads
 * this flag at each full collection, so setting it after start-up takes effect. Returns whether it set it.
 */
export function tuneHeap(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((flag) => growingFlag.test(flag))) return false
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return true
}

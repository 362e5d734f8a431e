import { readFileSync } from 'node:fs'

/** One line of bench/store/memory-trace.mjs: one thread's V8 isolate, and for the main thread the process's RSS split. */
interface TraceLine {
  time: number
  thread: number
  heapTotal: number
  heapUsed: number
  newSpace: number
  oldSpace: number
  largeObjects: number
  external: number
  arrayBuffers: number
  rss?: number
  anonymous?: number
  wasm?: number
}

/** What pinai's memory was made of at its highest sampled RSS, and each part's own highest value, in MiB. */
export interface MemoryComposition {
  atPeak: Record<string, number>
  highest: Record<string, number>
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

function parts(main: TraceLine, worker: TraceLine | undefined): Record<string, number> {
  const rss = main.rss ?? 0
  const wasm = main.wasm ?? 0
  // V8 counts a WebAssembly memory's whole size as external memory; the kernel says how much of it is resident.
  const named = {
    'main V8 heap: young generation': main.newSpace,
    'main V8 heap: old, code, large objects': main.heapTotal - main.newSpace,
    'main array buffers (sockets, bodies)': main.arrayBuffers,
    'worker V8 heap': worker?.heapTotal ?? 0,
    'worker array buffers (the in-memory database file, exports)': worker?.arrayBuffers ?? 0,
    'WebAssembly memory, resident (SQLite: page cache, allocations)': wasm,
  }
  const counted = Object.values(named).reduce((sum, value) => sum + value, 0)
  const wasmSize = Math.max(0, (worker?.external ?? 0) - (worker?.arrayBuffers ?? 0))
  return Object.fromEntries(
    Object.entries({
      RSS: rss,
      ...named,
      'WebAssembly memory, its size': wasmSize,
      'the rest (code, native allocations, heap not yet touched)': rss - counted,
    }).map(([name, value]) => [name, mib(value)]),
  )
}

/** Reads a trace file: the composition at the highest RSS the main thread sampled, and each part's highest value. */
export function summarizeMemoryTrace(path: string): MemoryComposition {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TraceLine)
  const mains = lines.filter((line) => line.thread === 0 && line.rss !== undefined)
  const workers = lines.filter((line) => line.thread !== 0)
  const peak = mains.reduce<TraceLine | undefined>(
    (best, line) => ((line.rss ?? 0) > (best?.rss ?? -1) ? line : best),
    undefined,
  )
  if (!peak) return { atPeak: {}, highest: {} }
  const nearest = (time: number) =>
    workers.reduce<TraceLine | undefined>(
      (best, line) => (!best || Math.abs(line.time - time) < Math.abs(best.time - time) ? line : best),
      undefined,
    )
  const highest: Record<string, number> = {}
  for (const main of mains) {
    for (const [name, value] of Object.entries(parts(main, nearest(main.time))))
      highest[name] = Math.max(highest[name] ?? -Infinity, value)
  }
  return { atPeak: parts(peak, nearest(peak.time)), highest }
}

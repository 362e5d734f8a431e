// Preloaded (`node --import`) into pinai by `npm run bench:store -- --trace-memory`: every thread (the
// gateway's and the sql.js worker's) appends what its V8 isolate holds to the file named by
// PINAI_MEMORY_TRACE every 250 ms, and the main thread adds the process's RSS split by the kernel
// (/proc/self/smaps: WebAssembly memories are the mappings of several GiB that V8 reserves for them).
// Plain JavaScript: it loads in worker threads before any TypeScript loader. summarize-memory-trace.ts reads it.
import { appendFileSync, readFileSync } from 'node:fs'
import { getHeapSpaceStatistics } from 'node:v8'
import { isMainThread, threadId } from 'node:worker_threads'

const file = process.env.PINAI_MEMORY_TRACE
const GIB = 2 ** 30

/**
 * Resident bytes of the process: all, anonymous, and of WebAssembly memories (V8 reserves each with a
 * guard of several GiB right after its readable part; the readable mapping just before it is the memory).
 */
function residentSplit() {
  const text = readFileSync('/proc/self/smaps', 'utf8')
  let rss = 0
  let anonymous = 0
  let wasm = 0
  let previous = { end: -1, rss: 0, writable: false }
  let current = { start: 0, end: 0, rss: 0, writable: false, size: 0 }
  for (const line of text.split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line)
    if (range) {
      previous = current
      current = {
        start: Number.parseInt(range[1], 16),
        end: Number.parseInt(range[2], 16),
        rss: 0,
        writable: range[3].startsWith('rw'),
        size: 0,
      }
      continue
    }
    const match = /^(Size|Rss|Anonymous):\s+(\d+) kB$/.exec(line)
    if (!match) continue
    const bytes = Number(match[2]) * 1024
    if (match[1] === 'Size') {
      current.size = bytes
      if (bytes >= 4 * GIB && !current.writable && previous.writable && previous.end === current.start)
        wasm += previous.rss
    } else if (match[1] === 'Anonymous') anonymous += bytes
    else {
      current.rss = bytes
      rss += bytes
    }
  }
  return { rss, anonymous, wasm }
}

if (file) {
  let tick = 0
  const timer = setInterval(() => {
    const memory = process.memoryUsage()
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]))
    const line = {
      time: Date.now(),
      thread: threadId,
      heapTotal: memory.heapTotal,
      heapUsed: memory.heapUsed,
      newSpace: spaces.new_space ?? 0,
      oldSpace: (spaces.old_space ?? 0) + (spaces.code_space ?? 0) + (spaces.map_space ?? 0),
      largeObjects:
        (spaces.large_object_space ?? 0) + (spaces.code_large_object_space ?? 0) + (spaces.new_large_object_space ?? 0),
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      ...(isMainThread && tick % 4 === 0 ? residentSplit() : {}),
    }
    tick += 1
    appendFileSync(file, `${JSON.stringify(line)}\n`)
  }, 250)
  timer.unref()
}

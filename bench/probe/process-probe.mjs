// Preloaded (`node --import`) into every process the benchmark measures; plain JavaScript because it
// also loads in worker threads, before any TypeScript loader (it does nothing there).
//
// Over the IPC channel it answers `probe:reset` (start a measurement window) and `probe:read` (what
// the window saw, see probe-reading.ts): CPU time of the whole process (all threads), peak RSS and
// event-loop delay. During a window only a 50 ms RSS sampler and the delay histogram's timer run.
// `{ profile: 'start' }` and `{ profile: 'stop', file }` record a CPU profile of the main thread in
// between (bench/profile-pinai.ts), so start-up does not pollute it.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { isMainThread } from 'node:worker_threads'

if (isMainThread && process.send) {
  // The histogram records the whole interval between its timer's runs: the delay is what exceeds the resolution.
  const resolutionMs = 10
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs })
  const delayMs = (nanoseconds) => Math.max(0, nanoseconds / 1e6 - resolutionMs)
  histogram.enable()
  let cpuStart = process.cpuUsage()
  let peakRss = process.memoryUsage.rss()
  let windowStart = performance.now()

  setInterval(() => {
    const rss = process.memoryUsage.rss()
    if (rss > peakRss) peakRss = rss
  }, 50).unref()

  const read = () => {
    const cpu = process.cpuUsage(cpuStart)
    const memory = process.memoryUsage()
    const rss = memory.rss
    return {
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssBytes: Math.max(peakRss, rss),
      rssBytes: rss,
      loopDelayP50Ms: delayMs(histogram.percentile(50)),
      loopDelayP99Ms: delayMs(histogram.percentile(99)),
      loopDelayMaxMs: delayMs(histogram.max),
      windowMs: performance.now() - windowStart,
    }
  }

  let session
  const post = (method, parameters) =>
    new Promise((resolve, reject) => session.post(method, parameters, (error, result) => (error ? reject(error) : resolve(result))))
  const profile = async (message) => {
    if (message.profile === 'start') {
      session = new Session()
      session.connect()
      await post('Profiler.enable')
      await post('Profiler.setSamplingInterval', { interval: 200 })
      await post('Profiler.start')
    } else {
      const { profile: recorded } = await post('Profiler.stop')
      session.disconnect()
      writeFileSync(message.file, JSON.stringify(recorded))
    }
    process.send?.({ probe: `profile-${message.profile}` })
  }

  process.on('message', (message) => {
    if (message && typeof message === 'object' && 'profile' in message) {
      void profile(message)
    } else if (message === 'probe:reset') {
      histogram.reset()
      cpuStart = process.cpuUsage()
      peakRss = process.memoryUsage.rss()
      windowStart = performance.now()
      process.send?.({ probe: 'reset' })
    } else if (message === 'probe:gc') {
      // Only with --expose-gc: how much of the heap is live (diagnostics, see profile-pinai.ts).
      globalThis.gc?.()
      process.send?.({ probe: 'gc', reading: read() })
    } else if (message === 'probe:read') {
      process.send?.({ probe: 'read', reading: read() })
    }
  })
  // The channel must not keep alive a process that would otherwise exit.
  process.channel?.unref()
}

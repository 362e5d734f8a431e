// Preloaded (`node --import`) into every process the benchmark measures; plain JavaScript because it
// also loads in worker threads, before any TypeScript loader (it does nothing there).
//
// Over the IPC channel it answers `probe:reset` (start a measurement window) and `probe:read` (what
// the window saw, see probe-reading.ts): CPU time of the whole process (all threads), peak RSS and
// event-loop delay. The peak RSS is the kernel's own high-water mark (VmHWM, reset for each window
// through /proc/self/clear_refs), so it misses no short peak and costs nothing during the window; where
// that is not possible, a 50 ms sampler stands in. During a window only the delay histogram's timer runs.
// `{ profile: 'start' }` and `{ profile: 'stop', file }` record a CPU profile of the main thread in
// between (bench/profile-pinai.ts), so start-up does not pollute it.
import { readFileSync, writeFileSync } from 'node:fs'
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

  /** The kernel's peak RSS since the last reset, in bytes (undefined where /proc cannot tell). */
  const highWaterMark = () => {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    return match ? Number(match[1]) * 1024 : undefined
  }
  /** Resets the kernel's peak RSS to the current RSS (Linux: "5" in clear_refs); false where it cannot. */
  const resetHighWaterMark = () => {
    try {
      writeFileSync('/proc/self/clear_refs', '5')
      return highWaterMark() !== undefined
    } catch {
      return false
    }
  }
  const kernelPeak = resetHighWaterMark()
  if (!kernelPeak) {
    setInterval(() => {
      const rss = process.memoryUsage.rss()
      if (rss > peakRss) peakRss = rss
    }, 50).unref()
  }

  const read = () => {
    const cpu = process.cpuUsage(cpuStart)
    const memory = process.memoryUsage()
    const rss = memory.rss
    return {
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssBytes: Math.max(kernelPeak ? (highWaterMark() ?? 0) : peakRss, rss),
      rssBytes: rss,
      loopDelayP50Ms: delayMs(histogram.percentile(50)),
      loopDelayP99Ms: delayMs(histogram.percentile(99)),
      loopDelayMaxMs: delayMs(histogram.max),
      windowMs: performance.now() - windowStart,
    }
  }

  let session
  const post = (method, parameters) =>
    new Promise((resolve, reject) =>
      session.post(method, parameters, (error, result) => (error ? reject(error) : resolve(result))),
    )
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
      if (kernelPeak) resetHighWaterMark()
      windowStart = performance.now()
      process.send?.({ probe: 'reset' })
    } else if (message === 'probe:read') {
      process.send?.({ probe: 'read', reading: read() })
    }
  })
  // The channel must not keep alive a process that would otherwise exit.
  process.channel?.unref()
}

/** What a measured process reports about one measurement window. */
export interface ProbeReading {
  /** User + system CPU time of the whole process (all threads), in ms. */
  cpuMs: number
  /** Highest resident set size in the window (the kernel's VmHWM, reset at the window's start; else sampled every 50 ms), in bytes. */
  peakRssBytes: number
  /** The main thread's V8 heap at the end of the window (workers have their own). */
  heapUsedBytes: number
  heapTotalBytes: number
  /** Resident set size at the end of the window, in bytes. */
  rssBytes: number
  /** Event-loop delay: how late a 10 ms timer ran (monitorEventLoopDelay, its resolution taken off). */
  loopDelayP50Ms: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  windowMs: number
}

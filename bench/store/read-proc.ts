import { readFileSync } from 'node:fs'

/** Resident memory of `pid` in MiB, from /proc/<pid>/status (all threads). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match?.[1] ? Number(match[1]) / 1024 : 0
}

/** Bytes `pid` has caused to be sent to the storage layer so far, from /proc/<pid>/io `write_bytes`. */
export function writeBytes(pid: number): number {
  const match = /write_bytes:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))
  return match?.[1] ? Number(match[1]) : 0
}

/** Samples the RSS of `pid` every `intervalMs` until stopped; keeps the peak. */
export function watchRss(pid: number, intervalMs = 200): { stop(): number } {
  let peak = rssMiB(pid)
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid))
    } catch {
      // the process is gone
    }
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      return peak
    },
  }
}

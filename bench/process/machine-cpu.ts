import { readFileSync } from 'node:fs'

// /proc reports CPU time in clock ticks of USER_HZ, 100 per second on every Linux the bench targets.
const tickMs = 10

/** CPU time of the whole machine and of this process with its reaped children (wrk), in ms. */
export interface CpuSnapshot {
  /** Busy time of all CPUs (user, nice, system, irq, softirq, steal). */
  machineBusyMs: number
  /** This process plus the children it has waited for (each wrk run, once it exited). */
  ownMs: number
}

/** Reads the machine's and this process's CPU counters; undefined where /proc is not available. */
export function snapshotCpu(): CpuSnapshot | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    // cpu  user nice system idle iowait irq softirq steal …
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
    const own = readFileSync('/proc/self/stat', 'utf8')
    // Fields after the command name (which may hold spaces) start at state; utime is the 14th field overall.
    const after = own
      .slice(own.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number)
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = after.slice(11, 15)
    return {
      machineBusyMs: (user + nice + system + irq + softirq + steal) * tickMs,
      ownMs: (utime + stime + cutime + cstime) * tickMs,
    }
  } catch {
    return undefined
  }
}

/**
 * CPU that neither the benchmark nor its servers used between two snapshots (other processes on a
 * shared machine, or the hypervisor), in ms; `serversMs` is what the measured servers reported.
 */
export function foreignCpuMs(
  before: CpuSnapshot | undefined,
  after: CpuSnapshot | undefined,
  serversMs: number,
): number | undefined {
  if (!before || !after) return undefined
  return Math.max(0, after.machineBusyMs - before.machineBusyMs - (after.ownMs - before.ownMs) - serversMs)
}

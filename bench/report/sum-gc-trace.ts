/** What V8's `--trace-gc-nvp` lines of one isolate add up to. */
export interface GcTraceSum {
  scavenges: number
  scavengePauseMs: number
  fullGcs: number
  fullGcPauseMs: number
  /** Bytes allocated in the young generation between the collections. */
  allocatedBytes: number
  /** Bytes the scavenges moved to the old generation. */
  promotedBytes: number
}

const emptySum = (): GcTraceSum => ({ scavenges: 0, scavengePauseMs: 0, fullGcs: 0, fullGcPauseMs: 0, allocatedBytes: 0, promotedBytes: 0 })

const linePattern = /^\[(\d+:0x[0-9a-f]+)\]\s+[\d.]+ ms: (.*)$/

/**
 * Sums the `--trace-gc-nvp` lines of the busiest isolate, the main thread's (a worker's isolate prints
 * its own lines, with its own address). Other lines are ignored.
 */
export function sumGcTrace(text: string): GcTraceSum {
  const byIsolate = new Map<string, GcTraceSum>()
  for (const line of text.split('\n')) {
    const match = linePattern.exec(line.trim())
    if (!match?.[1] || match[2] === undefined) continue
    const fields = new Map<string, string>()
    for (const pair of match[2].split(/\s+/)) {
      const equals = pair.indexOf('=')
      if (equals > 0) fields.set(pair.slice(0, equals), pair.slice(equals + 1))
    }
    const kind = fields.get('gc')
    if (!kind) continue
    const sum = byIsolate.get(match[1]) ?? emptySum()
    byIsolate.set(match[1], sum)
    const pause = Number(fields.get('pause') ?? 0)
    sum.allocatedBytes += Number(fields.get('allocated') ?? 0)
    if (kind === 's') {
      sum.scavenges++
      sum.scavengePauseMs += pause
      sum.promotedBytes += Number(fields.get('promoted') ?? 0)
    } else {
      sum.fullGcs++
      sum.fullGcPauseMs += pause
    }
  }
  const busiest = [...byIsolate.values()].sort((a, b) => b.scavenges + b.fullGcs - (a.scavenges + a.fullGcs))[0]
  return busiest ?? emptySum()
}

/** The live figures: requests completed in the last 60 s and requests in flight now. */
export interface LiveStats {
  /** Requests per second, averaged over the last 60 s. */
  qps: number
  /** Requests completed in the last 60 s. */
  rpm: number
  /** Requests begun and not yet ended. */
  inFlight: number
  /** Requests completed in each of the last 60 whole seconds, oldest first (the current second last). */
  perSecond: number[]
}

/** In-memory counters behind {@link LiveStats}: a ring of 60 one-second slots and an in-flight count. */
export interface LiveCounter {
  /** Counts one completed request at `time`. */
  hit(time: number): void
  /** Counts a request in flight; the returned function ends it (calling it again does nothing). */
  begin(): () => void
  snapshot(time: number): LiveStats
}

const SLOTS = 60

/** Creates the live counters (no timers; the clock is whatever `time` the caller passes). */
export function createLiveCounter(): LiveCounter {
  const counts = new Array<number>(SLOTS).fill(0)
  const seconds = new Array<number>(SLOTS).fill(-1)
  let inFlight = 0

  return {
    hit(time) {
      const second = Math.floor(time / 1000)
      const slot = ((second % SLOTS) + SLOTS) % SLOTS
      if (seconds[slot] !== second) {
        seconds[slot] = second
        counts[slot] = 0
      }
      counts[slot] = (counts[slot] ?? 0) + 1
    },

    begin() {
      inFlight += 1
      let ended = false
      return () => {
        if (ended) return
        ended = true
        inFlight -= 1
      }
    },

    snapshot(time) {
      const now = Math.floor(time / 1000)
      const perSecond: number[] = []
      for (let second = now - SLOTS + 1; second <= now; second++) {
        const slot = ((second % SLOTS) + SLOTS) % SLOTS
        perSecond.push(seconds[slot] === second ? (counts[slot] ?? 0) : 0)
      }
      const rpm = perSecond.reduce((sum, count) => sum + count, 0)
      return { qps: Math.round((rpm / SLOTS) * 1000) / 1000, rpm, inFlight, perSecond }
    },
  }
}

/** Options of {@link SessionAffinity}. */
export interface SessionAffinityOptions {
  now: () => number
  /** Most sessions remembered; past it the least recently pinned is forgotten (default 10,000). */
  maxSessions?: number
}

interface Pin {
  channelId: string
  at: number
}

/**
 * Which channel served each agent session last, so its next request goes there and hits the upstream's
 * prompt cache. In memory, per process; bounded by a count, entries expire after a TTL given per call
 * (the config may change it on reload without losing the pins).
 */
export class SessionAffinity {
  readonly #now: () => number
  readonly #maxSessions: number
  // A Map keeps insertion order: re-pinning moves a session to the end, so the first entry is the oldest.
  readonly #pins = new Map<string, Pin>()

  constructor(options: SessionAffinityOptions) {
    this.#now = options.now
    this.#maxSessions = Math.max(1, options.maxSessions ?? 10_000)
  }

  /** The channel id the session was last pinned to, unless the pin is older than `ttlMs`. */
  pinned(session: string, ttlMs: number): string | undefined {
    const pin = this.#pins.get(session)
    if (!pin) return undefined
    if (this.#now() - pin.at >= ttlMs) {
      this.#pins.delete(session)
      return undefined
    }
    return pin.channelId
  }

  /** Pins the session to the channel that just served it, refreshing its age; evicts the oldest past the cap. */
  pin(session: string, channelId: string): void {
    this.#pins.delete(session)
    this.#pins.set(session, { channelId, at: this.#now() })
    while (this.#pins.size > this.#maxSessions) {
      const oldest = this.#pins.keys().next().value
      if (oldest === undefined) break
      this.#pins.delete(oldest)
    }
  }

  /** How many sessions are remembered (expired ones included until read or evicted). */
  get size(): number {
    return this.#pins.size
  }
}

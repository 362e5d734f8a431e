import { GatewayError } from '../ir/errors.ts'
import type { RequestRecord } from '../store/request-record.ts'

/** A client's budgets (`auth.clients[].limits`): requests and tokens per minute; absent means none. */
export interface ClientLimitValues {
  rpm?: number
  tpm?: number
}

/** One second of a client's window: what was admitted in it. */
interface Bucket {
  second: number
  requests: number
  tokens: number
}

/** An admitted request whose token estimate waits for the real usage in its record. */
interface Pending {
  client: string
  second: number
  estimate: number
}

/** Options of {@link ClientLimiter}. */
export interface ClientLimiterOptions {
  now: () => number
  /** Length of the sliding window; a minute for rpm and tpm. */
  windowSeconds?: number
  /** Most admitted requests waiting for their record; past it the oldest keeps its estimate. */
  pendingLimit?: number
}

/**
 * Per-client request and token budgets over a sliding window of per-second buckets, per process.
 * Each client name holds a fixed ring of `windowSeconds` buckets, so memory does not grow with the
 * traffic. Tokens are counted from an estimate when a request is admitted and corrected with the
 * usage its written record reports ({@link observe}).
 */
export class ClientLimiter {
  private readonly now: () => number
  private readonly windowSeconds: number
  private readonly pendingLimit: number
  private readonly windows = new Map<string, Bucket[]>()
  private readonly pending = new Map<string, Pending>()

  constructor(options: ClientLimiterOptions) {
    this.now = options.now
    this.windowSeconds = options.windowSeconds ?? 60
    this.pendingLimit = options.pendingLimit ?? 10_000
  }

  /**
   * Admits one request of `client` and counts it with `estimatedTokens`, or refuses it: then it
   * returns the milliseconds until enough of the window has passed for the next request to be
   * admitted, and counts nothing (a refused request spends no budget). A request is refused while
   * the window already holds `rpm` requests or at least `tpm` tokens.
   */
  admit(
    client: string,
    limits: ClientLimitValues | undefined,
    estimatedTokens: number,
    requestId: string,
  ): number | undefined {
    if (!limits || (limits.rpm === undefined && limits.tpm === undefined)) return undefined
    const now = this.now()
    const second = Math.floor(now / 1000)
    const live = this.liveBuckets(client, second)
    let waitMs = 0
    if (limits.rpm !== undefined)
      waitMs = Math.max(
        waitMs,
        this.waitUntilBelow(live, (bucket) => bucket.requests, limits.rpm, now),
      )
    if (limits.tpm !== undefined)
      waitMs = Math.max(
        waitMs,
        this.waitUntilBelow(live, (bucket) => bucket.tokens, limits.tpm, now),
      )
    if (waitMs > 0) return waitMs
    const bucket = this.bucketAt(client, second)
    bucket.requests += 1
    bucket.tokens += estimatedTokens
    if (limits.tpm !== undefined) this.remember(requestId, { client, second, estimate: estimatedTokens })
    return undefined
  }

  /**
   * Reads a written record: replaces its request's token estimate with the prompt and completion
   * tokens it reports. A record without usage keeps the estimate; one from another second's bucket
   * that has left the window changes nothing.
   */
  readonly observe = (record: RequestRecord): void => {
    const pending = this.pending.get(record.id)
    if (!pending) return
    this.pending.delete(record.id)
    if (record.promptTokens === undefined && record.completionTokens === undefined) return
    const actual = (record.promptTokens ?? 0) + (record.completionTokens ?? 0)
    const ring = this.windows.get(pending.client)
    const bucket = ring?.[pending.second % this.windowSeconds]
    if (!bucket || bucket.second !== pending.second) return
    bucket.tokens = Math.max(0, bucket.tokens + actual - pending.estimate)
  }

  /** Requests and tokens `client` has in the window now (for tests and diagnostics). */
  usage(client: string): { requests: number; tokens: number } {
    const live = this.liveBuckets(client, Math.floor(this.now() / 1000))
    return {
      requests: live.reduce((sum, bucket) => sum + bucket.requests, 0),
      tokens: live.reduce((sum, bucket) => sum + bucket.tokens, 0),
    }
  }

  /** The buckets of `client` still inside the window ending at `second`, oldest first. */
  private liveBuckets(client: string, second: number): Bucket[] {
    const ring = this.windows.get(client)
    if (!ring) return []
    return ring
      .filter((bucket) => bucket.second > second - this.windowSeconds && bucket.second <= second)
      .sort((a, b) => a.second - b.second)
  }

  /** Milliseconds until the buckets leaving the window bring `count` below `limit`; 0 when it already is. */
  private waitUntilBelow(
    live: readonly Bucket[],
    count: (bucket: Bucket) => number,
    limit: number,
    now: number,
  ): number {
    let total = live.reduce((sum, bucket) => sum + count(bucket), 0)
    if (total < limit) return 0
    for (const bucket of live) {
      total -= count(bucket)
      // A bucket leaves the window when its second is `windowSeconds` old.
      if (total < limit) return (bucket.second + this.windowSeconds) * 1000 - now
    }
    // Unreachable with a positive limit: the window empties when its last bucket leaves.
    return this.windowSeconds * 1000
  }

  /** The ring slot for `second`, emptied first when it still holds an older second. */
  private bucketAt(client: string, second: number): Bucket {
    let ring = this.windows.get(client)
    if (!ring) {
      ring = Array.from({ length: this.windowSeconds }, () => ({ second: -1, requests: 0, tokens: 0 }))
      this.windows.set(client, ring)
    }
    const bucket = ring[second % this.windowSeconds]!
    if (bucket.second !== second) {
      bucket.second = second
      bucket.requests = 0
      bucket.tokens = 0
    }
    return bucket
  }

  private remember(requestId: string, pending: Pending): void {
    // Every opened record is written, so this map holds only requests in flight; the cap guards the rest.
    if (this.pending.size >= this.pendingLimit) {
      const oldest = this.pending.keys().next().value
      if (oldest !== undefined) this.pending.delete(oldest)
    }
    this.pending.set(requestId, pending)
  }
}

/**
 * A rough token count of a request body before it is decoded: a quarter of its characters, the usual
 * ratio for English and JSON. It only has to hold until the record brings the real usage.
 */
export function estimateBodyTokens(bodyText: string): number {
  return Math.ceil(bodyText.length / 4)
}

/** The 429 a client over its own budget gets; never failed over, since no upstream was asked. */
export function clientRateLimited(client: string, retryAfterMs: number): GatewayError {
  return new GatewayError({
    kind: 'rate_limit',
    status: 429,
    code: 'client_rate_limited',
    message: `client "${client}" is over its request or token limit; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    retryAfterMs,
    decision: { failover: false, cooldown: 'none' },
  })
}

/** What pinai needs of an abort signal: a subset of the DOM `AbortSignal`, so either can be passed. */
export interface AbortLike {
  readonly aborted: boolean
  readonly reason: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/**
 * A one-shot abort signal and its controller in one plain object, for the signals made per request.
 *
 * Node's own `AbortSignal` is not collected young: in a micro-test each one survived the scavenges and was
 * promoted to the old generation (about 440 bytes, and with it whatever its listeners reach). On a
 * translated stream at concurrency 16, `--trace-gc-nvp` showed 14.3–14.9 KB promoted per request with this
 * class against 15.5–17.2 KB with two AbortControllers per request (BENCHMARKS.md, "What the profiles
 * showed"). This one lives and dies with the request. Listeners run once, in the order added.
 */
export class AbortLatch implements AbortLike {
  aborted = false
  reason: unknown = undefined
  private listeners: (() => void)[] | undefined

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return
    const listeners = (this.listeners ??= [])
    // As an EventTarget does: the same listener added twice is one listener.
    if (!listeners.includes(listener)) listeners.push(listener)
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners
    const index = listeners ? listeners.indexOf(listener) : -1
    if (index >= 0) listeners?.splice(index, 1)
  }

  /** Aborts with `reason` (an `AbortError` when none is given) and runs the listeners; later calls do nothing. */
  abort(reason?: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError')
    const listeners = this.listeners
    this.listeners = undefined
    if (!listeners) return
    for (const listener of listeners) {
      try {
        listener()
      } catch (error) {
        // As an EventTarget does: one failing listener neither stops the others nor the caller.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}

/** A stream transformer run as plain function calls: each call returns what the transformer enqueued. */
export interface SyncTransformer<I, O> {
  /** Feeds one item; its outputs are appended to `into`. Throws what the transformer throws or errors with. */
  push(item: I, into: O[]): void
  /** Ends the input (the transformer's flush); its outputs are appended to `into`. */
  end(into: O[]): void
}

const isAsync = (fn: unknown) => typeof fn === 'function' && fn.constructor.name === 'AsyncFunction'

/**
 * Builds a codec's `TransformStream` with its transformer captured instead of wrapped in a web stream,
 * so the hot path can run it synchronously: a web stream costs promises, queues and a transferable
 * object per chunk (measured: ~250 µs of web-stream plumbing per translated 20-token answer against
 * ~60 µs of codec work). The factory runs once with `TransformStream` replaced by a recorder; when it
 * does not build exactly one stream from a plain synchronous transformer (no `start`, no async
 * methods), this returns undefined and the caller keeps the web stream.
 */
export function captureTransformer<I, O>(factory: () => TransformStream<I, O>): SyncTransformer<I, O> | undefined {
  const real = globalThis.TransformStream
  const seen: Array<Transformer<I, O> | undefined> = []
  class Recording {
    constructor(transformer?: Transformer<I, O>) {
      seen.push(transformer)
    }
  }
  let built: unknown
  globalThis.TransformStream = Recording as unknown as typeof TransformStream
  try {
    built = factory()
  } catch {
    built = undefined
  } finally {
    globalThis.TransformStream = real
  }
  const transformer = seen[0]
  if (seen.length !== 1 || !(built instanceof Recording) || !transformer?.transform || transformer.start) return undefined
  if (isAsync(transformer.transform) || isAsync(transformer.flush)) return undefined
  const { transform } = transformer
  const flush = transformer.flush
  let out: O[] = []
  let done = false
  const controller: TransformStreamDefaultController<O> = {
    desiredSize: 1,
    enqueue: (chunk?: O) => void out.push(chunk as O),
    error: (reason?: unknown) => {
      done = true
      throw reason
    },
    terminate: () => {
      done = true
    },
  }
  const run = (call: () => unknown, into: O[]) => {
    if (done) return
    out = into
    const result = call()
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') throw new Error('a stream transformer returned a promise where a synchronous one was expected')
  }
  return {
    push: (item, into) => run(() => transform.call(transformer, item, controller), into),
    end: (into) => {
      if (flush) run(() => flush.call(transformer, controller), into)
      done = true
    },
  }
}

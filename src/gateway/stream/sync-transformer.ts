/** A stream transformer run as plain function calls: each call returns what the transformer enqueued. */
export interface SyncTransformer<I, O> {
  /** Feeds one item; its outputs are appended to `into`. Throws what the transformer throws or errors with. */
  push(item: I, into: O[]): void
  /** Ends the input (the transformer's flush); its outputs are appended to `into`. */
  end(into: O[]): void
}

const isAsync = (fn: unknown) => typeof fn === 'function' && fn.constructor.name === 'AsyncFunction'

// What the factory built while TransformStream was replaced (module-level: a class per call would cost more).
let recorded: Array<Transformer<unknown, unknown> | undefined> = []
class Recording {
  constructor(transformer?: Transformer<unknown, unknown>) {
    recorded.push(transformer)
  }
}

/** Runs a captured transformer; its controller appends to the array of the current call. */
class Driver<I, O> implements SyncTransformer<I, O>, TransformStreamDefaultController<O> {
  readonly desiredSize = 1
  private out: O[] = []
  private done = false

  constructor(private readonly transformer: Transformer<I, O>) {}

  enqueue(chunk?: O): void {
    this.out.push(chunk as O)
  }

  error(reason?: unknown): void {
    this.done = true
    throw reason
  }

  terminate(): void {
    this.done = true
  }

  push(item: I, into: O[]): void {
    if (this.done) return
    this.out = into
    settled(this.transformer.transform?.call(this.transformer, item, this))
  }

  end(into: O[]): void {
    if (this.done) return
    this.out = into
    this.done = true
    settled(this.transformer.flush?.call(this.transformer, this))
  }
}

function settled(result: unknown): void {
  if (result && typeof (result as PromiseLike<unknown>).then === 'function') throw new Error('a stream transformer returned a promise where a synchronous one was expected')
}

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
  recorded = []
  let built: unknown
  globalThis.TransformStream = Recording as unknown as typeof TransformStream
  try {
    built = factory()
  } catch {
    built = undefined
  } finally {
    globalThis.TransformStream = real
  }
  const transformer = recorded[0] as Transformer<I, O> | undefined
  const count = recorded.length
  recorded = []
  if (count !== 1 || !(built instanceof Recording) || !transformer?.transform || transformer.start) return undefined
  if (isAsync(transformer.transform) || isAsync(transformer.flush)) return undefined
  return new Driver(transformer)
}

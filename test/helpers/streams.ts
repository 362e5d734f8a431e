import type { Stepper } from '../../src/protocols/codec.ts'

/** Runs `items` through `transform` and returns everything it emits. */
export async function runThrough<In, Out>(transform: TransformStream<In, Out>, items: readonly In[]): Promise<Out[]> {
  const source = new ReadableStream<In>({
    start(controller) {
      for (const item of items) controller.enqueue(item)
      controller.close()
    },
  })
  const output: Out[] = []
  const reader = source.pipeThrough(transform).getReader()
  for (;;) {
    const next = await reader.read()
    if (next.done) return output
    output.push(next.value)
  }
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, clamped). */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.map((offset) => Math.max(0, Math.min(bytes.length, offset))))].sort((a, b) => a - b)
  const pieces: Uint8Array[] = []
  let start = 0
  for (const cut of [...cuts, bytes.length]) {
    if (cut > start) pieces.push(bytes.slice(start, cut))
    start = cut
  }
  return pieces
}

/** Runs `items` through a codec's stepper, as the gateway does: each `push`, then `end`; returns all it appended. */
export function runStepper<In, Out>(stepper: Stepper<In, Out>, items: readonly In[]): Out[] {
  const out: Out[] = []
  for (const item of items) stepper.push(item, out)
  stepper.end(out)
  return out
}

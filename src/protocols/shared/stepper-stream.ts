import type { Stepper } from '../codec.ts'

/** Wraps a {@link Stepper} as a web `TransformStream` (a step that throws errors the stream). */
export function stepperStream<In, Out>(stepper: Stepper<In, Out>): TransformStream<In, Out> {
  const out: Out[] = []
  const drain = (controller: TransformStreamDefaultController<Out>): void => {
    for (const item of out) controller.enqueue(item)
    out.length = 0
  }
  return new TransformStream<In, Out>({
    transform(input, controller) {
      stepper.push(input, out)
      drain(controller)
    },
    flush(controller) {
      stepper.end(out)
      drain(controller)
    },
  })
}

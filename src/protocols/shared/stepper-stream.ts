import type { Stepper } from '../codec.ts'

/** A stepper as a plain synchronous transformer (what the gateway's hot path runs). */
export function stepperTransformer<In, Out>(stepper: Stepper<In, Out>): Transformer<In, Out> {
  const out: Out[] = []
  const drain = (controller: TransformStreamDefaultController<Out>): void => {
    for (const item of out) controller.enqueue(item)
    out.length = 0
  }
  return {
    transform(input, controller) {
      stepper.push(input, out)
      drain(controller)
    },
    flush(controller) {
      stepper.end(out)
      drain(controller)
    },
  }
}

/** Wraps any stepper for callers who want web streams. */
export function stepperStream<In, Out>(stepper: Stepper<In, Out>): TransformStream<In, Out> {
  return new TransformStream<In, Out>(stepperTransformer(stepper))
}

import type { SseEvent } from '../sse.ts'
import { createSseFrameSplitter, type SseFrame } from '../sse-frames.ts'

/**
 * A byte-exact passthrough: splits the upstream stream into SSE frames, shows each event to `inspect`
 * (which reads usage and errors) and forwards the frame's bytes unchanged unless `inspect` says `false`.
 * Frames without data (comments, keep-alives) are forwarded as they are.
 */
export function createPassthroughStream(inspect: (event: SseEvent) => boolean): TransformStream<Uint8Array, Uint8Array> {
  const frames = createSseFrameSplitter()
  const filter = new TransformStream<SseFrame, Uint8Array>({
    transform(frame, controller) {
      if (frame.event === undefined || inspect(frame.event)) controller.enqueue(frame.raw)
    },
  })
  return { writable: frames.writable, readable: frames.readable.pipeThrough(filter) }
}

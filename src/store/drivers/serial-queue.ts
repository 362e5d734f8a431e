/** Runs the tasks given to it one at a time, in order; a failing task does not stop the ones after it. */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>

/** Creates an empty {@link SerialQueue}. */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve()
  return (task) => {
    const next = tail.then(task)
    tail = next.catch(() => {})
    return next
  }
}

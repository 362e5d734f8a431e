/** The SSE comment pinai sends while a stream waits for its first token (no blank line: docs/protocols.md, "SSE"). */
export const keepAliveComment = ': keep-alive\n'

/** Resolves with 'tick' after `ms`, unless the promise settles first. */
export function raceTimer<T>(promise: Promise<T>, ms: number): Promise<{ settled: true; value: T } | { settled: false }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ settled: false }), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve({ settled: true, value })
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

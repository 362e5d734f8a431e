/** The SSE comment pinai sends while a stream waits for its first token (no blank line: docs/protocols.md, "SSE"). */
export const keepAliveComment = ': keep-alive\n'

/**
 * The keep-alive of a client protocol's streams. Gemini's SDK reads only whole events (up to a blank
 * line) and drops one that does not start with `data:`, so a comment without its blank line would take
 * the first chunk after it down with it: Gemini clients get the comment as an event of its own.
 */
export function keepAliveCommentOf(inbound: string): string {
  return inbound === 'gemini' ? ': keep-alive\n\n' : keepAliveComment
}

/** Resolves with 'tick' after `ms`, unless the promise settles first. */
export function raceTimer<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ settled: true; value: T } | { settled: false }> {
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

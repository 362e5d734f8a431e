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

/**
 * The body of a stream whose commit point has not come within one keep-alive interval: keep-alive
 * comments until the committed stream arrives, then that stream; a failure becomes `errorEvent`.
 */
export async function* keepAliveThen(
  committed: Promise<AsyncIterable<string>>,
  interval: number,
  errorEvent: (error: unknown) => string,
  comment = keepAliveComment,
): AsyncGenerator<string> {
  yield comment
  let stream: AsyncIterable<string>
  try {
    for (;;) {
      const result = await raceTimer(committed, interval)
      if (result.settled) {
        stream = result.value
        break
      }
      yield comment
    }
  } catch (error) {
    yield errorEvent(error)
    return
  }
  yield* stream
}

import { GatewayError } from '../../ir/errors.ts'

/** What an item of an upstream stream means for the commit point. */
export type ItemClass = 'content' | 'meta' | { error: GatewayError }

/** The items read before the commit point, and the rest of the stream. */
export interface Committed<T> {
  head: T[]
  rest: AsyncIterator<T>
}

/**
 * Reads a stream until its first content-bearing item (the commit point, design §2). An error item or
 * an end before any content throws, so the caller can still fail over invisibly.
 */
export async function awaitCommit<T>(
  iterator: AsyncIterator<T>,
  classify: (item: T) => ItemClass,
  provider: string,
): Promise<Committed<T>> {
  const head: T[] = []
  for (;;) {
    const next = await iterator.next()
    if (next.done) {
      throw new GatewayError({ kind: 'upstream', status: 502, provider, code: 'empty_stream', message: `${provider} ended the stream before sending any content` })
    }
    const kind = classify(next.value)
    if (typeof kind === 'object') throw kind.error
    head.push(next.value)
    if (kind === 'content') return { head, rest: iterator }
  }
}

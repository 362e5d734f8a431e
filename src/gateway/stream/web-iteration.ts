/** Iterates a web ReadableStream (typed with the DOM lib, which lacks async iteration). */
export function readerIterator<T>(stream: ReadableStream<T>): AsyncIterator<T> & AsyncIterable<T> {
  const reader = stream.getReader()
  const iterator: AsyncIterator<T> & AsyncIterable<T> = {
    async next() {
      const result = await reader.read()
      if (result.done) {
        reader.releaseLock()
        return { done: true, value: undefined }
      }
      return { done: false, value: result.value }
    },
    async return() {
      await reader.cancel().catch(() => undefined)
      return { done: true, value: undefined }
    },
    [Symbol.asyncIterator]: () => iterator,
  }
  return iterator
}

/** A web ReadableStream pulling from an async iterator (`ReadableStream.from` for the DOM typings). */
export function streamFrom<T>(iterator: AsyncIterator<T>): ReadableStream<T> {
  return new ReadableStream<T>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}

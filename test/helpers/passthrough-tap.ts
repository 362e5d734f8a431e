import { expect, vi } from 'vitest'
import type { FrameInfo } from '../../src/protocols/codec.ts'
import type { SseEvent } from '../../src/protocols/sse.ts'

/** A passthrough tap's factory (`Passthrough.tap`). */
type NewTap = () => (event: SseEvent | undefined) => FrameInfo

/**
 * Checks that a tap which learned `learned` (read as `learnedFrame`) reads each of `others` with
 * `JSON.parse`, as a fresh tap does, and not through its text template.
 */
export function expectParsedNotTemplated(
  newTap: NewTap,
  learned: SseEvent,
  learnedFrame: FrameInfo,
  others: string[],
): void {
  for (const data of others) {
    const tap = newTap()
    tap(learned)
    expect(tap(learned)).toStrictEqual(learnedFrame)
    const parse = vi.spyOn(JSON, 'parse')
    expect(tap({ data })).toStrictEqual(newTap()({ data }))
    // Once by the tap above and once by the fresh one: the template did not read it.
    expect(parse.mock.calls.filter(([text]) => text === data).length).toBeGreaterThanOrEqual(2)
    parse.mockRestore()
  }
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readTailMember } from './read-tail-member.ts'

const usage = {
  prompt_tokens: 48,
  completion_tokens: 20,
  total_tokens: 68,
  prompt_tokens_details: { cached_tokens: 0 },
}

describe('readTailMember', () => {
  it('reads the member among the last ones of the outermost object, as JSON.parse would', () => {
    const body = { id: 'c', choices: [{ message: { content: 'hi "usage": {}' } }], usage, system_fingerprint: 'fp' }
    expect(readTailMember(JSON.stringify(body), 'usage')).toEqual({ value: usage })
    expect(readTailMember(JSON.stringify(body, null, 2), 'usage')).toEqual({ value: usage })
    expect(readTailMember(`{"a":1,"usage":${JSON.stringify(usage)}}\n`, 'usage')).toEqual({ value: usage })
    expect(
      readTailMember('{"usage":null, "n": -1.5e3, "t": true, "s": "x\\\\", "o": [1, {"b": "]"}] }', 'usage'),
    ).toEqual({ value: null })
  })

  it('leaves a member it cannot place to JSON.parse', () => {
    // Nested after the outer one, the only one nested, inside an array, cut off, followed by more, a
    // string that only looks like it, absent, or with a space before its colon.
    expect(readTailMember(`{"usage":${JSON.stringify(usage)},"meta":{"usage":{"x":1}}}`, 'usage')).toBeUndefined()
    expect(readTailMember(`{"meta":{"usage":{"x":1}}}`, 'usage')).toBeUndefined()
    expect(readTailMember(`[{"usage":{"x":1}}]`, 'usage')).toBeUndefined()
    expect(readTailMember(`{"a":1,"usage":{"x":1}`, 'usage')).toBeUndefined()
    expect(readTailMember(`{"a":1,"usage":{"x":1}} trailing`, 'usage')).toBeUndefined()
    expect(readTailMember(`{"a":"\\"usage\\":{\\"x\\":1}"}`, 'usage')).toBeUndefined()
    expect(readTailMember('{"a":1}', 'usage')).toBeUndefined()
    expect(readTailMember('{"a":1,"usage" :{"x":1}}', 'usage')).toBeUndefined()
  })

  it('never disagrees with JSON.parse on random objects', () => {
    const member = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ usage: fc.jsonValue({ maxDepth: 1 }) }))
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('usage', 'a', 'b', 'us"age'), member), { maxLength: 6 }),
        fc.boolean(),
        (members, spaced) => {
          const object: Record<string, unknown> = {}
          for (const [key, value] of members) object[key] = value
          const text = JSON.stringify(object, null, spaced ? 1 : undefined)
          const read = readTailMember(text, 'usage')
          if (read) expect(read.value).toEqual((JSON.parse(text) as Record<string, unknown>).usage)
          // Usage last, and no key of that name inside it: it is always found.
          const last = Object.keys(object).at(-1) === 'usage'
          if (last && !JSON.stringify(object.usage).includes('"usage"')) expect(read).toBeDefined()
        },
      ),
      { numRuns: 500 },
    )
  })
})

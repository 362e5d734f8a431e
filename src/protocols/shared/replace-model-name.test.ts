import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createModelRenamer, replaceModelName, replaceModelNameInBytes } from './replace-model-name.ts'

describe('replaceModelName', () => {
  it('renames the outermost model, not one inside text or a nested object before it', () => {
    const answer = {
      id: 'x',
      content: [{ type: 'tool_use', input: { model: 'inner', note: '"model":"no"' } }],
      model: 'up-1',
      usage: {},
    }
    const renamed = JSON.parse(replaceModelName(JSON.stringify(answer), 'asked')) as typeof answer
    expect(renamed).toEqual({ ...answer, model: 'asked' })
    expect(replaceModelName(JSON.stringify(answer, null, 2), 'asked')).toContain('"model": "asked"')
  })

  it('renames at depth 2 for an event that wraps its message', () => {
    const frame = `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'm', model: 'up-1', content: [] } })}\n\n`
    const renamed = replaceModelName(frame, 'asked', 2)
    expect(renamed.startsWith('event: message_start\ndata: ')).toBe(true)
    expect(JSON.parse(renamed.slice(renamed.indexOf('{'))).message.model).toBe('asked')
    expect(renamed.endsWith('\n\n')).toBe(true)
  })

  it('returns the same text when there is no model or it is already the name', () => {
    const text = '{"a":1,"b":{"model":"x"}}'
    expect(replaceModelName(text, 'asked')).toBe(text)
    const same = '{"model":"asked","a":1}'
    expect(replaceModelName(same, 'asked')).toBe(same)
    expect(replaceModelName('data: [DONE]\n\n', 'asked')).toBe('data: [DONE]\n\n')
  })

  it('agrees with JSON.parse on random objects', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('model', 'a', 'mo"del', 'content'), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 5,
        }),
        fc.string(),
        fc.boolean(),
        (object, name, spaced) => {
          const text = JSON.stringify(object, null, spaced ? 1 : undefined)
          const parsed = JSON.parse(replaceModelName(text, name)) as Record<string, unknown>
          const expected = typeof object.model === 'string' ? { ...object, model: name } : object
          expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('rewrites bytes without decoding the rest, multi-byte text kept', () => {
    const answer = { id: 'x', model: 'up-1', choices: [{ message: { content: '你好 "model": 🙂' } }] }
    const bytes = replaceModelNameInBytes(Buffer.from(JSON.stringify(answer)), '名字')
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ ...answer, model: '名字' })
    const unchanged = Buffer.from('{"model":"same"}')
    expect(replaceModelNameInBytes(unchanged, 'same')).toBe(unchanged)
  })

  it('renames a stream frame by frame as the scanner would, whatever the frames say', () => {
    const frame = fc.oneof(
      fc.record({
        id: fc.constant('c'),
        model: fc.constantFrom('up-1', 'up-2', 'asked'),
        choices: fc.array(fc.record({ delta: fc.record({ content: fc.string() }) }), { maxLength: 2 }),
      }),
      fc.record({ choices: fc.constant([]), usage: fc.record({ total_tokens: fc.nat() }) }),
    )
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 6 }), fc.boolean(), (frames, spaced) => {
        const rename = createModelRenamer('asked', 1)
        for (const object of frames) {
          const raw = `data: ${JSON.stringify(object, null, spaced ? 1 : undefined)}\n\n`
          expect(rename(raw)).toBe(replaceModelName(raw, 'asked', 1))
        }
      }),
      { numRuns: 300 },
    )
  })
})

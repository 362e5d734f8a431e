import { describe, expect, it } from 'vitest'
import { sseToJsonArray } from './sse-to-json-array.ts'

const run = (pieces: string[], limit = 1000) => {
  const rewriter = sseToJsonArray(limit)
  return pieces.map((piece) => rewriter.push(piece)).join('') + rewriter.end()
}

describe('sseToJsonArray', () => {
  it('writes the events as one JSON array, whatever the reads and line endings', () => {
    const text = 'data: {"a":1}\r\n\r\ndata: {"b":2}\n\ndata: {"c":3}\n\n'
    for (let cut = 0; cut <= text.length; cut++)
      expect(JSON.parse(run([text.slice(0, cut), text.slice(cut)]))).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }])
  })

  it('turns keep-alive comments into white space, before the array and between its elements', () => {
    const out = run([': keep-alive\n\n', 'data: {"a":1}\n\n', ': keep-alive\n\n', 'data: {"error":{"code":503}}\n\n'])
    expect(out.startsWith('\n[')).toBe(true)
    expect(JSON.parse(out)).toEqual([{ a: 1 }, { error: { code: 503 } }])
  })

  it('is an empty array when nothing came, and takes a last event without its blank line', () => {
    expect(run([])).toBe('[]')
    expect(JSON.parse(run(['data: {"a":1}']))).toEqual([{ a: 1 }])
  })

  it('refuses an event over the limit', () => {
    expect(() => run([`data: "${'x'.repeat(100)}`], 50)).toThrow()
  })
})

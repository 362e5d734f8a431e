import { describe, expect, it } from 'vitest'
import { learnTextTemplate, readTextTemplate } from './text-template.ts'

const chunk = (content: unknown, extra = '') =>
  `{"id":"c1","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}${extra}}]}`
const contentOf = (parsed: unknown) =>
  (parsed as { choices: { delta: { content: unknown } }[] }).choices[0]?.delta.content

describe('text templates', () => {
  it('reads the text of a chunk that differs from the learned one only there, escapes and all', () => {
    const template = learnTextTemplate(chunk('Hel'), 'content', 'Hel', contentOf)
    expect(template).toBeDefined()
    if (!template) return
    for (const text of ['lo', '', 'a "quote" and \\ backslash', 'line\nbreak\ttab', 'é €  🙂', '\u0000\u001f']) {
      expect(readTextTemplate(template, chunk(text))).toBe(text)
    }
    // Escapes written otherwise than JSON.stringify writes them.
    expect(readTextTemplate(template, chunk('x').replace('"x"', '"\\u00e9\\/"'))).toBe('é/')
  })

  it('leaves to JSON.parse what does not fit: other fields, a second value, a non-string, invalid text', () => {
    const template = learnTextTemplate(chunk('Hel'), 'content', 'Hel', contentOf)
    if (!template) throw new Error('expected a template')
    expect(readTextTemplate(template, chunk('lo', ',"finish_reason":"stop"'))).toBeUndefined()
    expect(readTextTemplate(template, chunk('lo').replace('"lo"', '"a","role":"b"'))).toBeUndefined()
    expect(readTextTemplate(template, chunk('lo').replace('"lo"', '42'))).toBeUndefined()
    expect(readTextTemplate(template, chunk('lo').replace('"lo"', 'null'))).toBeUndefined()
    expect(readTextTemplate(template, chunk('lo').replace('"lo"', '"raw\ncontrol"'))).toBeUndefined()
    expect(readTextTemplate(template, chunk('lo').replace('"lo"', '"bad \\q escape"'))).toBeUndefined()
    expect(readTextTemplate(template, '{"id":"c1"}')).toBeUndefined()
  })

  it('learns nothing when the hole is unsure: the text twice, written with other escapes, or in another field', () => {
    const twice = `{"choices":[{"index":0,"delta":{"content":"x"}},{"index":1,"delta":{"content":"x"}}]}`
    expect(learnTextTemplate(twice, 'content', 'x', contentOf)).toBeUndefined()
    expect(learnTextTemplate(chunk('x').replace('"x"', '"\\u0078"'), 'content', 'x', contentOf)).toBeUndefined()
    // Choice 0's text is written with an escape; the same text plainly elsewhere must not become the hole.
    const elsewhere = `{"choices":[{"index":0,"delta":{"content":"\\u0078"}},{"index":1,"delta":{"content":"x"}}]}`
    expect(learnTextTemplate(elsewhere, 'content', 'x', contentOf)).toBeUndefined()
  })
})

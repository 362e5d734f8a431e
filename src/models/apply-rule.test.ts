import { describe, expect, it } from 'vitest'
import { compileRule, describeRule } from './apply-rule.ts'

describe('compileRule', () => {
  it('insert puts text at either end, or around the first anchor', () => {
    expect(compileRule({ kind: 'insert', text: 'or-', position: 'prefix', enabled: true })('gpt-4o')).toBe('or-gpt-4o')
    expect(compileRule({ kind: 'insert', text: '-free', position: 'suffix', enabled: true })('gpt-4o')).toBe(
      'gpt-4o-free',
    )
    expect(compileRule({ kind: 'insert', text: 'x', position: 'before', anchor: '-', enabled: true })('a-b-c')).toBe(
      'ax-b-c',
    )
    expect(compileRule({ kind: 'insert', text: 'x', position: 'after', anchor: '-', enabled: true })('a-b-c')).toBe(
      'a-xb-c',
    )
    expect(compileRule({ kind: 'insert', text: 'x', position: 'after', anchor: '/', enabled: true })('a-b')).toBe('a-b')
  })

  it('replace is plain text and replaces every occurrence', () => {
    const rule = compileRule({ kind: 'replace', from: '.', to: '-', enabled: true })
    expect(rule('gpt-4.1.2')).toBe('gpt-4-1-2')
    expect(compileRule({ kind: 'replace', from: '(x)', to: '$1', enabled: true })('a(x)b(x)')).toBe('a$1b$1')
    expect(compileRule({ kind: 'replace', from: 'gpt', to: '', enabled: true })('gpt-gpt')).toBe('-')
  })

  it('regex is global and expands $1 groups, with flags', () => {
    const rule = compileRule({ kind: 'regex', pattern: '(\\d)\\.(\\d)', replace: '$1-$2', enabled: true })
    expect(rule('claude-3.5-sonnet-4.0')).toBe('claude-3-5-sonnet-4-0')
    const caseless = compileRule({ kind: 'regex', pattern: '^openai/', replace: '', flags: 'i', enabled: true })
    expect(caseless('OpenAI/gpt-4o')).toBe('gpt-4o')
  })

  it('regex with an invalid pattern throws', () => {
    expect(() => compileRule({ kind: 'regex', pattern: '(', replace: '', enabled: true })).toThrow()
  })

  it('case upper and lower', () => {
    expect(compileRule({ kind: 'case', to: 'upper', enabled: true })('gpt-4o')).toBe('GPT-4O')
    expect(compileRule({ kind: 'case', to: 'lower', enabled: true })('GPT-4o')).toBe('gpt-4o')
  })

  it('describes rules for people', () => {
    expect(describeRule({ kind: 'replace', from: '.', to: '-', enabled: true })).toBe('replace "." with "-"')
    expect(describeRule({ kind: 'insert', text: 'x', position: 'after', anchor: '/', enabled: true })).toBe(
      'insert "x" after "/"',
    )
  })
})

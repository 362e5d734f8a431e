import { describe, expect, it } from 'vitest'
import { completeSteps, moveStep, newRule, toggleStep } from './rename-steps.ts'

describe('rename steps', () => {
  it('moves a step up and down, clamped to the list', () => {
    expect(moveStep(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b'])
    expect(moveStep(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(moveStep(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moveStep(['a', 'b', 'c'], 2, 9)).toEqual(['a', 'b', 'c'])
  })

  it('toggles rules and leaves presets on', () => {
    expect(toggleStep({ kind: 'case', to: 'upper', enabled: true })).toEqual({
      kind: 'case',
      to: 'upper',
      enabled: false,
    })
    expect(toggleStep('lowercase')).toBe('lowercase')
  })

  it('leaves half-written rules out of a save', () => {
    expect(
      completeSteps(['lowercase', newRule('replace'), { kind: 'replace', from: '/', to: '-' }, newRule('regex')]),
    ).toEqual(['lowercase', { kind: 'replace', from: '/', to: '-' }])
  })
})

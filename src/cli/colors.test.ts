import { describe, expect, it } from 'vitest'
import { colorEnabled } from './colors.ts'

describe('colorEnabled', () => {
  it('colours a terminal only, and never a pipe, CI or not', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true)
    expect(colorEnabled({ isTTY: false }, { CI: 'true' })).toBe(false)
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false)
  })

  it('NO_COLOR wins over everything; FORCE_COLOR colours a pipe unless it is 0 or false', () => {
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false)
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false)
    expect(colorEnabled({ isTTY: false }, { NO_COLOR: '' })).toBe(false)
  })
})

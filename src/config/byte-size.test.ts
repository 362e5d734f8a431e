import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { byteSize, parseByteSize } from './byte-size.ts'

describe('byte sizes', () => {
  it('reads decimal and binary units and plain byte counts', () => {
    expect(parseByteSize('64MB')).toBe(64_000_000)
    expect(parseByteSize('32 MiB')).toBe(32 * 2 ** 20)
    expect(parseByteSize('1.5gb')).toBe(1_500_000_000)
    expect(parseByteSize(4096)).toBe(4096)
    expect(parseByteSize('0')).toBeUndefined()
    expect(parseByteSize('lots')).toBeUndefined()
  })

  it('refuses what it cannot read with a message that shows the form', () => {
    const result = v.safeParse(byteSize, '64 megs')
    expect(result.success).toBe(false)
    expect(result.issues?.[0]?.message).toMatch(/64MB/)
  })
})

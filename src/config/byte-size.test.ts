import { describe, expect, it } from 'vitest'
import { parseByteSize } from './byte-size.ts'

describe('parseByteSize', () => {
  it('reads sizes with units in powers of 1024, and whole numbers of bytes', () => {
    expect(parseByteSize('512kb')).toBe(512 * 1024)
    expect(parseByteSize('64MiB')).toBe(64 * 1024 * 1024)
    expect(parseByteSize('1.5 GB')).toBe(1.5 * 1024 ** 3)
    expect(parseByteSize(1000)).toBe(1000)
  })

  it('refuses what is not a positive size', () => {
    for (const value of ['', '12', 'ten mb', '-1mb', '0kb', 0, -5, 1.5]) expect(parseByteSize(value), String(value)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { newRequestId } from './request-id.ts'

describe('newRequestId', () => {
  it('is a version 7 UUID carrying the time', () => {
    const id = newRequestId(Date.UTC(2026, 11, 2, 12, 0, 0, 5))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 11, 2, 12, 0, 0, 5))
  })

  it('sorts by time and stays unique within one millisecond', () => {
    const earlier = newRequestId(1_000)
    const later = newRequestId(2_000)
    expect(earlier < later).toBe(true)
    const same = new Set(Array.from({ length: 1000 }, () => newRequestId(3_000)))
    expect(same.size).toBe(1000)
  })

  it("carries each call's own time when calls alternate between milliseconds", () => {
    for (const time of [5_000, 6_000, 5_000, 6_000]) {
      const id = newRequestId(time)
      expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(time)
    }
  })
})

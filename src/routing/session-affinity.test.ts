import { describe, expect, it } from 'vitest'
import { SessionAffinity } from './session-affinity.ts'

function clock() {
  let time = 1_000
  return { now: () => time, advance: (ms: number) => void (time += ms) }
}

describe('SessionAffinity', () => {
  it('remembers the channel a session was pinned to', () => {
    const affinity = new SessionAffinity({ now: clock().now })
    expect(affinity.pinned('s1', 60_000)).toBeUndefined()
    affinity.pin('s1', 'a')
    affinity.pin('s2', 'b')
    expect(affinity.pinned('s1', 60_000)).toBe('a')
    expect(affinity.pinned('s2', 60_000)).toBe('b')
  })

  it('forgets a pin older than the TTL', () => {
    const time = clock()
    const affinity = new SessionAffinity({ now: time.now })
    affinity.pin('s1', 'a')
    time.advance(59_999)
    expect(affinity.pinned('s1', 60_000)).toBe('a')
    time.advance(1)
    expect(affinity.pinned('s1', 60_000)).toBeUndefined()
    expect(affinity.size).toBe(0)
  })

  it('re-pinning moves the session and restarts its TTL', () => {
    const time = clock()
    const affinity = new SessionAffinity({ now: time.now })
    affinity.pin('s1', 'a')
    time.advance(50_000)
    affinity.pin('s1', 'b')
    time.advance(50_000)
    expect(affinity.pinned('s1', 60_000)).toBe('b')
    expect(affinity.size).toBe(1)
  })

  it('evicts the least recently pinned session past the cap', () => {
    const affinity = new SessionAffinity({ now: clock().now, maxSessions: 3 })
    affinity.pin('s1', 'a')
    affinity.pin('s2', 'a')
    affinity.pin('s3', 'a')
    affinity.pin('s1', 'b')
    affinity.pin('s4', 'a')
    expect(affinity.size).toBe(3)
    expect(affinity.pinned('s2', 60_000)).toBeUndefined()
    expect(affinity.pinned('s1', 60_000)).toBe('b')
    expect(affinity.pinned('s3', 60_000)).toBe('a')
    expect(affinity.pinned('s4', 60_000)).toBe('a')
  })
})

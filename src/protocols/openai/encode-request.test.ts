import { describe, expect, it } from 'vitest'
import { shortUserId } from './encode-request.ts'

describe('shortUserId', () => {
  it('keeps an ordinary end-user id as it is', () => {
    expect(shortUserId('user-1234')).toBe('user-1234')
  })

  it("hashes a long id such as Claude Code's metadata blob to a stable id of at most 64 characters", () => {
    const blob = JSON.stringify({
      device_id: 'a'.repeat(64),
      account_uuid: '',
      session_id: '5f0c7c52-8b0a-4a8e-9c1b-3f1f3b1f2d6e',
    })
    const short = shortUserId(blob)
    expect(short.length).toBeLessThanOrEqual(64)
    expect(short).toBe(shortUserId(blob))
    expect(short).not.toBe(shortUserId(`${blob} `))
    expect(short).not.toContain('device_id')
  })
})

import { describe, expect, it } from 'vitest'
import { sessionKeyOf } from './session-key.ts'

function call(body: Record<string, unknown>, headers: Record<string, string> = {}, client = 'alice', model = 'm') {
  return {
    request: new Request('http://127.0.0.1/x', { method: 'POST', headers }),
    body,
    caller: { name: client, models: undefined },
    requestedModel: model,
  }
}

describe('sessionKeyOf', () => {
  it('reads the header first, then prompt_cache_key, metadata.user_id and user', () => {
    const all = { prompt_cache_key: 'cache', metadata: { user_id: 'claude' }, user: 'user' }
    expect(sessionKeyOf(call(all, { 'x-pinai-session': 'header' }))).toBe('alice\nm\nheader')
    expect(sessionKeyOf(call(all))).toBe('alice\nm\ncache')
    expect(sessionKeyOf(call({ metadata: { user_id: 'claude' }, user: 'user' }))).toBe('alice\nm\nclaude')
    expect(sessionKeyOf(call({ user: 'user' }))).toBe('alice\nm\nuser')
  })

  it('has no session without an identifier, or with one that is empty or not a string', () => {
    expect(sessionKeyOf(call({}))).toBeUndefined()
    expect(sessionKeyOf(call({ user: '', prompt_cache_key: 42, metadata: 'x' }))).toBeUndefined()
    expect(sessionKeyOf(call({ metadata: null }))).toBeUndefined()
  })

  it('keeps clients and models apart, and bounds the identifier', () => {
    expect(sessionKeyOf(call({ user: 'u' }, {}, 'bob', 'haiku'))).toBe('bob\nhaiku\nu')
    expect(sessionKeyOf(call({ user: 'x'.repeat(10_000) }))?.length).toBe('alice\nm\n'.length + 256)
  })
})

import { describe, expect, it } from 'vitest'
import { upstreamUrl } from './base-url.ts'

describe('upstreamUrl', () => {
  it('OpenAI: the base URL is used as given, a bare host gets /v1', () => {
    expect(upstreamUrl('openai', 'https://api.openai.com/v1', '/chat/completions')).toBe(
      'https://api.openai.com/v1/chat/completions',
    )
    expect(upstreamUrl('openai', 'https://api.openai.com/v1/', '/models')).toBe('https://api.openai.com/v1/models')
    expect(upstreamUrl('openai', 'https://relay.example.com', '/models')).toBe('https://relay.example.com/v1/models')
    expect(upstreamUrl('openai', 'https://relay.example.com/', '/models')).toBe('https://relay.example.com/v1/models')
    expect(upstreamUrl('openai', 'https://open.bigmodel.cn/api/paas/v4', '/chat/completions')).toBe(
      'https://open.bigmodel.cn/api/paas/v4/chat/completions',
    )
    expect(upstreamUrl('openai', 'https://openrouter.ai/api/v1', '/models')).toBe('https://openrouter.ai/api/v1/models')
  })

  it('OpenAI: a path written with /v1 is not doubled', () => {
    expect(upstreamUrl('openai', 'https://api.openai.com/v1', '/v1/models')).toBe('https://api.openai.com/v1/models')
    expect(upstreamUrl('openai', 'http://127.0.0.1:8080', '/v1/models')).toBe('http://127.0.0.1:8080/v1/models')
  })

  it('Anthropic: /v1/... is appended; a trailing /v1 on the base is tolerated', () => {
    expect(upstreamUrl('anthropic', 'https://api.anthropic.com', '/v1/messages')).toBe(
      'https://api.anthropic.com/v1/messages',
    )
    expect(upstreamUrl('anthropic', 'https://api.anthropic.com/v1', '/v1/messages')).toBe(
      'https://api.anthropic.com/v1/messages',
    )
    expect(upstreamUrl('anthropic', 'https://relay.example.com/claude/', '/v1/models?limit=1000')).toBe(
      'https://relay.example.com/claude/v1/models?limit=1000',
    )
    expect(upstreamUrl('anthropic', 'https://api.anthropic.com', '/models')).toBe('https://api.anthropic.com/v1/models')
  })

  it('Gemini: /v1beta/... is appended; a trailing /v1beta or /v1 on the base is tolerated', () => {
    const path = '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse'
    const expected =
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse'
    expect(upstreamUrl('gemini', 'https://generativelanguage.googleapis.com', path)).toBe(expected)
    expect(upstreamUrl('gemini', 'https://generativelanguage.googleapis.com/v1beta', path)).toBe(expected)
    expect(upstreamUrl('gemini', 'https://generativelanguage.googleapis.com/v1beta/', path)).toBe(expected)
    expect(upstreamUrl('gemini', 'https://generativelanguage.googleapis.com/v1', path)).toBe(expected)
    expect(upstreamUrl('gemini', 'https://generativelanguage.googleapis.com', '/models')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models',
    )
  })
})

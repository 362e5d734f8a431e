import { describe, expect, it } from 'vitest'
import { createRedactor, REDACTED, secretsOf } from './redactor.ts'
import { validateConfig } from './validate-config.ts'

describe('createRedactor', () => {
  it('finds a secret as written, after Bearer, URL-encoded and JSON-escaped, longest first', () => {
    const redact = createRedactor(['sk-proj-abc/def+ghi', 'sk-proj-abc', 'ollama'])
    expect(redact('Incorrect API key provided: sk-proj-abc/def+ghi.')).toBe(`Incorrect API key provided: ${REDACTED}.`)
    expect(redact('Authorization: Bearer sk-proj-abc')).toBe(`Authorization: Bearer ${REDACTED}`)
    expect(redact('GET /v1/models?key=sk-proj-abc%2Fdef%2Bghi')).toBe(`GET /v1/models?key=${REDACTED}`)
    expect(redact(JSON.stringify({ echo: 'tok"en-with-quote' }))).toBe(JSON.stringify({ echo: 'tok"en-with-quote' }))
    expect(createRedactor(['tok"en-with-quote'])(JSON.stringify({ echo: 'tok"en-with-quote' }))).toBe(
      `{"echo":"${REDACTED}"}`,
    )
    expect(redact('ollama is a word here')).toBe('ollama is a word here')
    expect(redact.unsafe).toEqual(['ollama'])
  })

  it('leaves text alone when there is nothing to find', () => {
    const redact = createRedactor([])
    expect(redact('plain')).toBe('plain')
    expect(redact.size).toBe(0)
  })
})

describe('secretsOf', () => {
  it('collects tokens, keys, header values and the database password', () => {
    const { config } = validateConfig({
      auth: {
        tokens: ['client-token-1'],
        adminToken: 'admin-token-1',
        clients: [{ name: 'ci', token: 'ci-token-123' }],
      },
      storage: 'postgres://pinai:db%20secret@127.0.0.1/pinai',
      providers: [
        {
          name: 'a',
          protocol: 'openai',
          baseUrl: 'https://a.example/v1',
          keys: ['sk-a-1', 'sk-a-2'],
          headers: { 'x-extra': 'header-secret' },
        },
      ],
    })
    expect(new Set(secretsOf(config!))).toEqual(
      new Set(['client-token-1', 'admin-token-1', 'ci-token-123', 'sk-a-1', 'sk-a-2', 'header-secret', 'db secret']),
    )
  })
})

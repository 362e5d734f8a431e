import { describe, expect, it } from 'vitest'
import { hideInOutput, redactOutput } from './redact-output.ts'

describe('redactOutput', () => {
  it('hides registered secrets, also URL-encoded, and leaves short values alone', () => {
    hideInOutput(['sk-redact/check+1234', 'ollama', undefined])
    expect(redactOutput('HTTP 401: Incorrect API key provided: sk-redact/check+1234')).toBe(
      'HTTP 401: Incorrect API key provided: ***',
    )
    expect(redactOutput('GET /models?key=sk-redact%2Fcheck%2B1234')).toBe('GET /models?key=***')
    expect(redactOutput('model ollama is up')).toBe('model ollama is up')
  })
})

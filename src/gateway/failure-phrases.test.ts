import { describe, expect, it } from 'vitest'
import type { ProviderConfig } from '../config/schema.ts'
import { GatewayError } from '../ir/errors.ts'
import { failurePhrasesOf, refuseFailureText, shortTextLimit } from './failure-phrases.ts'

const relay = { name: 'relay', failoverOn: { bodyContains: ['Account Suspended'] } } as ProviderConfig
const phrases = failurePhrasesOf(relay)

function refusal(text: string): GatewayError | undefined {
  try {
    refuseFailureText(text, phrases, 'relay')
    return undefined
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
}

describe('refuseFailureText', () => {
  it("refuses a short text holding a built-in phrase as the provider's upstream failure", () => {
    const error = refusal('当前分组上游负载已饱和，请稍后再试')
    expect(error).toMatchObject({
      kind: 'upstream',
      status: 502,
      code: 'error_in_answer',
      provider: 'relay',
      decision: { failover: true, cooldown: 'channel' },
    })
    expect(error?.message).toContain('relay')
  })

  it("refuses the provider's own phrase, whatever its case", () => {
    expect(refusal('Error: account suspended.')?.code).toBe('error_in_answer')
  })

  it('lets through a text longer than the limit that mentions a phrase, and a text without one', () => {
    expect(refusal(`额度不足 ${'x'.repeat(shortTextLimit)}`)).toBeUndefined()
    expect(refusal('Hello! How can I help?')).toBeUndefined()
    expect(refusal('')).toBeUndefined()
  })

  it('knows only the built-in phrases for a provider without its own', () => {
    expect(failurePhrasesOf({ name: 'plain' } as ProviderConfig)).not.toContain('account suspended')
    expect(failurePhrasesOf({ name: 'plain' } as ProviderConfig)).toContain('额度不足')
  })
})

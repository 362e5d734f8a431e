import { describe, expect, it } from 'vitest'
import { validateConfig } from '../config/validate-config.ts'
import type { PinaiConfig } from '../config/schema.ts'
import { authenticateClient as authenticateWith, createClientAuth, type ClientAuth } from './auth.ts'

function configWith(auth: Record<string, unknown>): PinaiConfig {
  const { config, issues } = validateConfig({ auth, providers: [] })
  if (!config) throw new Error(issues.map((issue) => issue.message).join('; '))
  return config
}

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` })

// One ClientAuth per config, as the gateway's state builds it once per loaded config.
const auths = new Map<PinaiConfig, ClientAuth>()
function authenticateClient(config: PinaiConfig, headers: Headers, allowApiKey: boolean) {
  let auth = auths.get(config)
  if (!auth) auths.set(config, (auth = createClientAuth(config)))
  return authenticateWith(auth, headers, allowApiKey)
}

describe('authenticateClient', () => {
  it('names the client a token belongs to, on every request', () => {
    const config = configWith({
      tokens: ['shared'],
      clients: [{ name: 'laptop', token: 'laptop-token', models: ['gpt-*'] }],
    })
    for (let round = 0; round < 3; round++) {
      expect(authenticateClient(config, bearer('laptop-token'), false)).toEqual({ name: 'laptop', models: ['gpt-*'] })
      expect(authenticateClient(config, bearer('shared'), false)).toEqual({ name: 'default', models: undefined })
    }
  })

  it('refuses a wrong token also after a right one was let in', () => {
    const config = configWith({ tokens: ['right'] })
    expect(authenticateClient(config, bearer('right'), false).name).toBe('default')
    expect(() => authenticateClient(config, bearer('wrong'), false)).toThrow(/invalid API token/)
    expect(() => authenticateClient(config, bearer('rightx'), false)).toThrow(/invalid API token/)
  })

  it('refuses a token removed by a reload, though it was let in before', () => {
    const before = configWith({ tokens: ['old-token', 'kept-token'] })
    expect(authenticateClient(before, bearer('old-token'), false).name).toBe('default')
    const after = configWith({ tokens: ['kept-token'] })
    expect(() => authenticateClient(after, bearer('old-token'), false)).toThrow(/invalid API token/)
    expect(authenticateClient(after, bearer('kept-token'), false).name).toBe('default')
  })

  it('keeps x-api-key to the Anthropic side', () => {
    const config = configWith({ tokens: ['key-token'] })
    const headers = new Headers({ 'x-api-key': 'key-token' })
    expect(authenticateClient(config, headers, true).name).toBe('default')
    expect(() => authenticateClient(config, headers, false)).toThrow(/missing API token/)
  })
})

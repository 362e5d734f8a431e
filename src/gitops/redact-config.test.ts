import { describe, expect, it } from 'vitest'
import { redactConfig, secretLiterals } from './redact-config.ts'

const source = {
  auth: {
    tokens: ['${API_TOKEN}', 'tok-literal'],
    adminToken: 'admin-literal',
    clients: [
      { name: 'a', token: '${A_TOKEN}' },
      { name: 'b', token: 'b-literal' },
    ],
  },
  storage: { url: 'mysql://root:p%40ss@db:3306/pinai', retention: '30d' },
  providers: [
    {
      name: 'x',
      keys: ['${X_KEY}', 'x-literal', ''],
      headers: { authorization: 'Bearer h-literal', 'x-ref': 'Bearer ${H}' },
      baseUrl: 'https://x',
    },
  ],
}

describe('redactConfig and secretLiterals', () => {
  it('hides literal secrets, keeps references and everything else', () => {
    expect(redactConfig(source)).toEqual({
      auth: {
        tokens: ['${API_TOKEN}', '***'],
        adminToken: '***',
        clients: [
          { name: 'a', token: '${A_TOKEN}' },
          { name: 'b', token: '***' },
        ],
      },
      storage: { url: 'mysql://root:***@db:3306/pinai', retention: '30d' },
      providers: [
        {
          name: 'x',
          keys: ['${X_KEY}', '***', ''],
          headers: { authorization: '***', 'x-ref': 'Bearer ${H}' },
          baseUrl: 'https://x',
        },
      ],
    })
    expect(source.auth.tokens[1]).toBe('tok-literal')
  })

  it('lists the literal secret values', () => {
    expect(secretLiterals(source).sort()).toEqual([
      'Bearer h-literal',
      'admin-literal',
      'b-literal',
      'p@ss',
      'tok-literal',
      'x-literal',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { referenceKeys } from './reference-keys.ts'

describe('referenceKeys', () => {
  it('moves literal keys of added providers to new variables and leaves references alone', () => {
    const taken = new Set(['NEW_KEY'])
    const result = referenceKeys(
      [
        {
          op: 'add-provider',
          provider: { name: 'new', protocol: 'openai', baseUrl: 'https://n', keys: ['${OLD}', 'sk-1', '', 'sk-2'] },
        },
        { op: 'remove-models', provider: 'x', ids: ['a'] },
      ],
      taken,
    )
    expect(result.edits[0]).toEqual({
      op: 'add-provider',
      provider: {
        name: 'new',
        protocol: 'openai',
        baseUrl: 'https://n',
        keys: ['${OLD}', '${NEW_KEY_2}', '', '${NEW_KEY_3}'],
      },
    })
    expect(result.edits[1]).toEqual({ op: 'remove-models', provider: 'x', ids: ['a'] })
    expect([...result.secrets]).toEqual([
      ['NEW_KEY_2', 'sk-1'],
      ['NEW_KEY_3', 'sk-2'],
    ])
    expect(result.env.map((addition) => addition.name)).toEqual(['NEW_KEY_2', 'NEW_KEY_3'])
    expect(JSON.stringify(result.edits)).not.toContain('sk-1')
  })
})

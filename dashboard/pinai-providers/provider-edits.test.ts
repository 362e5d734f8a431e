import { describe, expect, it } from 'vitest'
import { providerEdits, type ProviderDraft } from './provider-edits.ts'

const draft = (change: Partial<ProviderDraft>): ProviderDraft => ({
  fields: {},
  removeModels: [],
  addModels: [],
  remove: false,
  ...change,
})

describe('providerEdits', () => {
  it('turns each card’s changes into the plan API’s edits', () => {
    const edits = providerEdits(
      new Map([
        ['a', draft({ fields: { weight: 3, enabled: false }, addModels: ['m2'], removeModels: ['m1'] })],
        ['b', draft({})],
      ]),
    )
    expect(edits).toEqual([
      { op: 'set-provider', provider: 'a', fields: { weight: 3, enabled: false } },
      { op: 'add-models', provider: 'a', models: ['m2'] },
      { op: 'remove-models', provider: 'a', ids: ['m1'] },
    ])
  })

  it('removes a provider instead of editing it', () => {
    expect(providerEdits(new Map([['a', draft({ remove: true, fields: { weight: 2 } })]]))).toEqual([
      { op: 'remove-provider', provider: 'a' },
    ])
  })
})

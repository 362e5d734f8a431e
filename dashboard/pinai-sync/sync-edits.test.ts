import { describe, expect, it } from 'vitest'
import type { ProviderPlan } from '../api/types.ts'
import { choiceKey, defaultChoice, syncEdits } from './sync-edits.ts'

const plan: ProviderPlan = {
  provider: 'relay',
  action: 'sync',
  added: [
    { id: 'new-a', name: 'new-a' },
    { id: 'Pro/New-B', name: 'new-b' },
  ],
  removed: ['gone'],
  renamed: [{ id: 'Old', from: 'Old', to: 'old' }],
  notes: [],
}

describe('syncEdits', () => {
  it('takes new models and renames by default, removals only when ticked', () => {
    expect(syncEdits([plan], defaultChoice([plan]))).toEqual([
      { op: 'add-models', provider: 'relay', models: ['new-a', { id: 'Pro/New-B', name: 'new-b' }] },
      { op: 'rename-model', provider: 'relay', id: 'Old', name: 'old' },
    ])
  })

  it('leaves out what was unticked and removes what was ticked', () => {
    const chosen = new Set([choiceKey('relay', 'add', 'new-a'), choiceKey('relay', 'remove', 'gone')])
    expect(syncEdits([plan], chosen)).toEqual([
      { op: 'add-models', provider: 'relay', models: ['new-a'] },
      { op: 'remove-models', provider: 'relay', ids: ['gone'] },
    ])
  })
})

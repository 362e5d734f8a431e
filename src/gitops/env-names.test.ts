import { describe, expect, it } from 'vitest'
import { allocateKeyVariables, keyVariableStem } from './env-names.ts'

describe('key variable names', () => {
  it('derives a stem from the provider name', () => {
    expect(keyVariableStem('relay-a')).toBe('RELAY_A_KEY')
    expect(keyVariableStem('My Relay (cn)')).toBe('MY_RELAY_CN_KEY')
    expect(keyVariableStem('302ai')).toBe('P_302AI_KEY')
    expect(keyVariableStem('官转')).toBe('PROVIDER_KEY')
  })

  it('numbers further keys and skips names already taken', () => {
    const taken = new Set(['RELAY_A_KEY', 'RELAY_A_KEY_3'])
    expect(allocateKeyVariables('relay-a', 3, taken)).toEqual(['RELAY_A_KEY_2', 'RELAY_A_KEY_4', 'RELAY_A_KEY_5'])
    expect(allocateKeyVariables('relay-a', 1, taken)).toEqual(['RELAY_A_KEY_6'])
    expect(allocateKeyVariables('relay-b', 2, new Set())).toEqual(['RELAY_B_KEY', 'RELAY_B_KEY_2'])
  })
})

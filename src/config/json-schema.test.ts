import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configJsonSchemaText } from './json-schema.ts'

describe('generated JSON Schema', () => {
  it('is up to date with the valibot schema (run `npm run schema` when this fails)', () => {
    const committed = readFileSync('schemas/pinai.config.schema.json', 'utf8')
    expect(committed).toBe(configJsonSchemaText())
  })

  it('describes the public keys and rejects unknown ones', () => {
    const schema = JSON.parse(configJsonSchemaText()) as {
      properties: Record<string, unknown>
      additionalProperties: boolean
    }
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['server', 'auth', 'storage', 'routing', 'modelMapping', 'rewrite', 'providers']),
    )
    expect(schema.additionalProperties).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { openApiToJsonSchema } from './openapi-schema.ts'

describe('openApiToJsonSchema', () => {
  it("lower-cases @google/genai's types at every level, turns nullable into a null type and drops propertyOrdering", () => {
    const schema = {
      type: 'OBJECT',
      propertyOrdering: ['city', 'days'],
      properties: {
        city: { type: 'STRING', nullable: true, description: 'City' },
        days: { type: 'ARRAY', items: { type: 'INTEGER', format: 'int32' } },
        unit: { anyOf: [{ type: 'STRING', enum: ['c', 'f'] }, { type: 'NULL' }] },
      },
      required: ['city'],
    }
    expect(openApiToJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        city: { type: ['string', 'null'], description: 'City' },
        days: { type: 'array', items: { type: 'integer', format: 'int32' } },
        unit: { anyOf: [{ type: 'string', enum: ['c', 'f'] }, { type: 'null' }] },
      },
      required: ['city'],
    })
  })

  it('drops TYPE_UNSPECIFIED and stops at a bounded depth', () => {
    expect(openApiToJsonSchema({ type: 'TYPE_UNSPECIFIED', description: 'any' })).toEqual({ description: 'any' })
    let deep: Record<string, unknown> = { type: 'STRING' }
    for (let level = 0; level < 100; level++) deep = { type: 'ARRAY', items: deep }
    expect(JSON.stringify(openApiToJsonSchema(deep)).length).toBeLessThan(1000)
  })
})

import { describe, expect, it } from 'vitest'
import { cleanSchema } from './clean-schema.ts'

describe('cleanSchema', () => {
  it('#25 drops $schema, additionalProperties and propertyNames, turns const into enum', () => {
    const cleaned = cleanSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'urn:x',
      type: 'object',
      additionalProperties: false,
      propertyNames: { pattern: '^[a-z]+$' },
      properties: {
        kind: { const: 'fixed' },
        count: { type: 'integer', exclusiveMinimum: 0, examples: [3] },
      },
      required: ['kind'],
    })
    expect(cleaned).toEqual({
      type: 'object',
      properties: { kind: { enum: ['fixed'], type: 'string' }, count: { type: 'integer' } },
      required: ['kind'],
    })
  })

  it('#26 turns a list-valued type into one type plus nullable', () => {
    expect(cleanSchema({ type: ['string', 'null'], description: 'maybe' })).toEqual({
      type: 'string',
      nullable: true,
      description: 'maybe',
    })
    expect(cleanSchema({ type: ['string', 'integer'] })).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }] })
  })

  it('keeps property names that look like keywords', () => {
    const cleaned = cleanSchema({
      type: 'object',
      properties: { additionalProperties: { type: 'boolean' }, $schema: { type: 'string' } },
    })
    expect(cleaned.properties).toEqual({ additionalProperties: { type: 'boolean' }, $schema: { type: 'string' } })
  })

  it('inlines $ref from $defs and bounds recursive references', () => {
    const cleaned = cleanSchema({
      type: 'object',
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } } } },
      properties: { root: { $ref: '#/$defs/node' } },
    })
    const root = (cleaned.properties as Record<string, Record<string, unknown>>).root
    expect(root?.type).toBe('object')
    expect(JSON.stringify(cleaned)).not.toContain('$ref')
    expect(JSON.stringify(cleaned)).not.toContain('$defs')
    let depth = 0
    let cursor: unknown = root
    while (typeof cursor === 'object' && cursor !== null && 'properties' in cursor) {
      cursor = (cursor.properties as Record<string, unknown>).child
      depth += 1
    }
    expect(depth).toBeGreaterThan(3)
    expect(depth).toBeLessThan(40)
  })

  it('turns oneOf into anyOf, lifts a null branch into nullable and merges allOf', () => {
    expect(cleanSchema({ oneOf: [{ type: 'string' }, { type: 'number' }] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }],
    })
    expect(cleanSchema({ anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }] })).toEqual({
      type: 'string',
      nullable: true,
    })
    expect(
      cleanSchema({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'number' } }, required: ['b'] },
        ],
      }),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b'] })
  })

  it('stringifies non-string enum values and keeps formats Gemini knows', () => {
    expect(cleanSchema({ type: 'integer', enum: [1, 2] })).toEqual({ type: 'string', enum: ['1', '2'] })
    expect(cleanSchema({ type: 'string', format: 'date-time' })).toEqual({ type: 'string', format: 'date-time' })
    expect(cleanSchema({ type: 'string', format: 'uri' })).toEqual({ type: 'string' })
    expect(cleanSchema({ type: 'number', format: 'double' })).toEqual({ type: 'number', format: 'double' })
  })

  it('cleans array items (tuple form takes the first) and drops required names that do not exist', () => {
    expect(
      cleanSchema({
        type: 'object',
        properties: { tags: { type: 'array', items: [{ type: 'string', additionalProperties: true }] } },
        required: ['tags', 'ghost'],
      }),
    ).toEqual({
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string' } } },
      required: ['tags'],
    })
  })
})

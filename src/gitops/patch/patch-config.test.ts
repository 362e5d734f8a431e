import { describe, expect, it } from 'vitest'
import { patchConfigSource } from './patch-config.ts'

const commented = `// My gateway. Keep this file reviewed.
import { defineConfig } from 'pinai'

/* Shared list, edited by hand. */
export default defineConfig({
  server: { port: 3000 }, // default port
  rewrite: {
    default: ['lowercase', 'strip-group-tag'],
  },
  providers: [
    // The official one.
    {
      name: 'openai',
      protocol: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      keys: ['\${OPENAI_API_KEY}'],
      models: [
        'gpt-4o-mini', // cheap
        // the big one
        'gpt-4.1',
      ],
    },
    {
      name: 'relay-a',
      protocol: 'openai',
      baseUrl: 'https://relay-a.example.com',
      keys: ['\${RELAY_A_KEY}'],
      weight: 3,
      models: ['gpt-4o', { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }],
    },
  ],
})
`

/** The lines a patch adds and removes, in order. */
function changedLines(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n')
  const b = after.split('\n')
  let start = 0
  while (start < a.length && a[start] === b[start]) start++
  let endA = a.length - 1
  let endB = b.length - 1
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--
    endB--
  }
  return { removed: a.slice(start, endA + 1), added: b.slice(start, endB + 1) }
}

describe('patchConfigSource', () => {
  it('adding a model to a multi-line list adds exactly one line, in its style', () => {
    const after = patchConfigSource(commented, [{ op: 'add-models', provider: 'openai', models: ['o3-mini'] }])
    expect(changedLines(commented, after)).toEqual({ added: ["        'o3-mini',"], removed: [] })
    expect(after).toContain("        'gpt-4.1',\n        'o3-mini',\n      ],")
  })

  it('adding to a one-line list keeps it on one line while it fits', () => {
    const after = patchConfigSource(commented, [{ op: 'add-models', provider: 'relay-a', models: ['kimi-k2'] }])
    expect(changedLines(commented, after)).toEqual({
      removed: ["      models: ['gpt-4o', { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }],"],
      added: ["      models: ['gpt-4o', { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }, 'kimi-k2'],"],
    })
  })

  it('spreads a one-line list over lines when it would get too long, and only that list', () => {
    const many = Array.from({ length: 8 }, (_unused, index) => `model-number-${index}`)
    const after = patchConfigSource(commented, [{ op: 'add-models', provider: 'relay-a', models: many }])
    const { removed, added } = changedLines(commented, after)
    expect(removed).toHaveLength(1)
    expect(added).toEqual([
      '      models: [',
      "        'gpt-4o',",
      "        { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' },",
      ...many.map((id) => `        '${id}',`),
      '      ],',
    ])
  })

  it('skips ids already present', () => {
    expect(patchConfigSource(commented, [{ op: 'add-models', provider: 'openai', models: ['gpt-4.1'] }])).toBe(
      commented,
    )
  })

  it('removes a model line with its trailing comment, nothing else', () => {
    const after = patchConfigSource(commented, [{ op: 'remove-models', provider: 'openai', ids: ['gpt-4o-mini'] }])
    expect(changedLines(commented, after)).toEqual({ added: [], removed: ["        'gpt-4o-mini', // cheap"] })
  })

  it('removes from a one-line list', () => {
    const after = patchConfigSource(commented, [{ op: 'remove-models', provider: 'relay-a', ids: ['gpt-4o'] }])
    expect(after).toContain("      models: [{ id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }],\n")
  })

  it('renames: a plain id becomes { id, name }; an object gets its name replaced or dropped', () => {
    const after = patchConfigSource(commented, [
      { op: 'rename-model', provider: 'openai', id: 'gpt-4.1', name: 'gpt-4-1' },
      { op: 'rename-model', provider: 'relay-a', id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-chat' },
    ])
    expect(after).toContain("        { id: 'gpt-4.1', name: 'gpt-4-1' },\n")
    expect(after).toContain("{ id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-chat' }")
    const back = patchConfigSource(commented, [
      { op: 'rename-model', provider: 'relay-a', id: 'Pro/deepseek-ai/DeepSeek-V3' },
    ])
    expect(back).toContain("models: ['gpt-4o', 'Pro/deepseek-ai/DeepSeek-V3'],")
  })

  it('appends a provider written like the others, after the last one', () => {
    const after = patchConfigSource(commented, [
      {
        op: 'add-provider',
        provider: {
          name: 'relay-b',
          protocol: 'anthropic',
          baseUrl: 'https://relay-b.example.com',
          keys: ['${RELAY_B_KEY}', '${RELAY_B_KEY_2}'],
          models: ['claude-sonnet-4-20250514'],
        },
      },
    ])
    expect(changedLines(commented, after)).toEqual({
      removed: [],
      added: [
        '    {',
        "      name: 'relay-b',",
        "      protocol: 'anthropic',",
        "      baseUrl: 'https://relay-b.example.com',",
        "      keys: ['${RELAY_B_KEY}', '${RELAY_B_KEY_2}'],",
        "      models: ['claude-sonnet-4-20250514'],",
        '    },',
      ],
    })
  })

  it('sets, adds and removes provider fields in place; new fields go before models', () => {
    const after = patchConfigSource(commented, [
      { op: 'set-provider', provider: 'relay-a', fields: { weight: 5, enabled: false, priority: null } },
      { op: 'set-provider', provider: 'openai', fields: { priority: 1 } },
    ])
    expect(changedLines(commented, after)).toEqual({
      removed: [
        '      models: [',
        "        'gpt-4o-mini', // cheap",
        '        // the big one',
        "        'gpt-4.1',",
        '      ],',
        '    },',
        '    {',
        "      name: 'relay-a',",
        "      protocol: 'openai',",
        "      baseUrl: 'https://relay-a.example.com',",
        "      keys: ['${RELAY_A_KEY}'],",
        '      weight: 3,',
      ],
      added: [
        '      priority: 1,',
        '      models: [',
        "        'gpt-4o-mini', // cheap",
        '        // the big one',
        "        'gpt-4.1',",
        '      ],',
        '    },',
        '    {',
        "      name: 'relay-a',",
        "      protocol: 'openai',",
        "      baseUrl: 'https://relay-a.example.com',",
        "      keys: ['${RELAY_A_KEY}'],",
        '      weight: 5,',
        '      enabled: false,',
      ],
    })
    const removed = patchConfigSource(commented, [
      { op: 'set-provider', provider: 'relay-a', fields: { weight: null } },
    ])
    expect(changedLines(commented, removed)).toEqual({ added: [], removed: ['      weight: 3,'] })
  })

  it('writes a pipeline, replacing one or adding rewrite', () => {
    const after = patchConfigSource(commented, [
      { op: 'set-pipeline', name: 'relays', steps: ['lowercase', { kind: 'replace', from: '_', to: '-' }] },
    ])
    expect(changedLines(commented, after).added).toEqual([
      "    relays: ['lowercase', { kind: 'replace', from: '_', to: '-' }],",
    ])
  })

  it('refuses a file it cannot edit, saying why', () => {
    expect(() => patchConfigSource('export default makeConfig()', [{ op: 'remove-provider', provider: 'x' }])).toThrow(
      /object literal/,
    )
    expect(() => patchConfigSource(commented, [{ op: 'add-models', provider: 'nobody', models: ['x'] }])).toThrow(
      /no provider named "nobody"/,
    )
    expect(() => patchConfigSource('{}', [], 'pinai.config.json')).toThrow(/by hand/)
  })

  it('marks a pipeline-made name auto, and drops the mark for a name the user writes or a name back to the id', () => {
    const text = `export default {\n  providers: [\n    { name: 'p', protocol: 'openai', baseUrl: 'http://x', models: ['a-2024-01-01', { id: 'b', name: 'bee', auto: true }, { id: 'c', name: 'sea' }] },\n  ],\n}\n`
    const renamed = patchConfigSource(text, [
      { op: 'rename-model', provider: 'p', id: 'a-2024-01-01', name: 'a', auto: true },
      { op: 'rename-model', provider: 'p', id: 'b' },
      { op: 'rename-model', provider: 'p', id: 'c', name: 'see' },
    ])
    expect(renamed).toContain(
      `models: [{ id: 'a-2024-01-01', name: 'a', auto: true }, 'b', { id: 'c', name: 'see' }] },`,
    )
    const pinned = patchConfigSource(renamed, [{ op: 'rename-model', provider: 'p', id: 'a-2024-01-01', name: 'mine' }])
    expect(pinned).toContain(`models: [{ id: 'a-2024-01-01', name: 'mine' }, 'b', { id: 'c', name: 'see' }] },`)
  })
})

import { describe, expect, it } from 'vitest'
import { patchConfigSource } from './patch-config.ts'

describe('patchConfigSource follows the file style', () => {
  it('double quotes, tabs, no trailing commas, a plain export default', () => {
    const source = [
      'export default {',
      '\tproviders: [',
      '\t\t{',
      '\t\t\tname: "local",',
      '\t\t\tprotocol: "openai",',
      '\t\t\tbaseUrl: "http://127.0.0.1:11434",',
      '\t\t\tmodels: [',
      '\t\t\t\t"qwen3:8b"',
      '\t\t\t]',
      '\t\t}',
      '\t]',
      '}',
      '',
    ].join('\n')
    const after = patchConfigSource(
      source,
      [
        { op: 'add-models', provider: 'local', models: ['llama3.1', { id: 'deepseek-r1:14b', name: 'deepseek-r1' }] },
        {
          op: 'add-provider',
          provider: {
            name: 'openai',
            protocol: 'openai',
            baseUrl: 'https://api.openai.com/v1',
            keys: ['${OPENAI_API_KEY}'],
          },
        },
      ],
      'pinai.config.js',
    )
    expect(after).toBe(
      [
        'export default {',
        '\tproviders: [',
        '\t\t{',
        '\t\t\tname: "local",',
        '\t\t\tprotocol: "openai",',
        '\t\t\tbaseUrl: "http://127.0.0.1:11434",',
        '\t\t\tmodels: [',
        '\t\t\t\t"qwen3:8b",',
        '\t\t\t\t"llama3.1",',
        '\t\t\t\t{ id: "deepseek-r1:14b", name: "deepseek-r1" }',
        '\t\t\t]',
        '\t\t},',
        '\t\t{',
        '\t\t\tname: "openai",',
        '\t\t\tprotocol: "openai",',
        '\t\t\tbaseUrl: "https://api.openai.com/v1",',
        '\t\t\tkeys: ["${OPENAI_API_KEY}"],',
        '\t\t\tmodels: []',
        '\t\t}',
        '\t]',
        '}',
        '',
      ].join('\n'),
    )
  })

  it('creates models, providers and rewrite when they are missing', () => {
    const source =
      "import { defineConfig } from 'pinai'\n\nexport default defineConfig({\n  server: { port: 3000 },\n})\n"
    const after = patchConfigSource(source, [
      {
        op: 'add-provider',
        provider: { name: 'a', protocol: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' },
      },
      { op: 'set-pipeline', name: 'default', steps: ['lowercase'] },
    ])
    expect(after).toBe(
      [
        "import { defineConfig } from 'pinai'",
        '',
        'export default defineConfig({',
        '  server: { port: 3000 },',
        '  rewrite: {',
        "    default: ['lowercase'],",
        '  },',
        '  providers: [',
        '    {',
        "      name: 'a',",
        "      protocol: 'gemini',",
        "      baseUrl: 'https://generativelanguage.googleapis.com',",
        '      models: [],',
        '    },',
        '  ],',
        '})',
        '',
      ].join('\n'),
    )
    const withModels = patchConfigSource(after, [{ op: 'add-models', provider: 'a', models: ['gemini-2.5-pro'] }])
    expect(withModels).toContain("      models: ['gemini-2.5-pro'],\n")
  })

  it('follows a const and a satisfies wrapper', () => {
    const source = [
      "import type { PinaiConfig } from 'pinai'",
      "const relay = { name: 'r', protocol: 'openai', baseUrl: 'http://r', models: ['a'] }",
      'const config = { providers: [relay] } satisfies PinaiConfig',
      'export default config',
      '',
    ].join('\n')
    const after = patchConfigSource(source, [{ op: 'add-models', provider: 'r', models: ['b'] }])
    expect(after).toContain("models: ['a', 'b'] }")
  })

  it('removing every model leaves an empty list; removing the last model drops the comma when the list had none', () => {
    const source =
      "export default {\n  providers: [{\n    name: 'x', protocol: 'openai', baseUrl: 'http://x', models: [\n      'a',\n      'b'\n    ]\n  }]\n}\n"
    expect(patchConfigSource(source, [{ op: 'remove-models', provider: 'x', ids: ['b'] }])).toContain(
      "models: [\n      'a'\n    ]",
    )
    expect(patchConfigSource(source, [{ op: 'remove-models', provider: 'x', ids: ['a', 'b'] }])).toContain('models: []')
  })

  it('removes a provider with its lines', () => {
    const source =
      "export default {\n  providers: [\n    { name: 'a', protocol: 'openai', baseUrl: 'http://a' },\n    { name: 'b', protocol: 'openai', baseUrl: 'http://b' },\n  ],\n}\n"
    expect(patchConfigSource(source, [{ op: 'remove-provider', provider: 'a' }])).toBe(
      "export default {\n  providers: [\n    { name: 'b', protocol: 'openai', baseUrl: 'http://b' },\n  ],\n}\n",
    )
  })
})

import { describe, expect, it } from 'vitest'
import { parseImportCsv } from './parse-import-csv.ts'

describe('parseImportCsv', () => {
  it('reads good lines, any case, several keys, quotes, a header and comments', () => {
    const csv = [
      'type,name,baseUrl,key',
      '# my relays',
      'OpenAI,relay-a,https://relay-a.example.com,sk-a1,sk-a2',
      '',
      'anthropic, relay-b , https://relay-b.example.com/ , sk-b',
      'Gemini,"gem, the first",https://generativelanguage.googleapis.com,AIza-1',
      'openai,local,http://127.0.0.1:11434',
    ].join('\r\n')
    const { providers, problems } = parseImportCsv(`\uFEFF${csv}`)
    expect(problems).toEqual([])
    expect(providers).toEqual([
      {
        line: 3,
        name: 'relay-a',
        protocol: 'openai',
        baseUrl: 'https://relay-a.example.com',
        keys: ['sk-a1', 'sk-a2'],
      },
      { line: 5, name: 'relay-b', protocol: 'anthropic', baseUrl: 'https://relay-b.example.com/', keys: ['sk-b'] },
      {
        line: 6,
        name: 'gem, the first',
        protocol: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com',
        keys: ['AIza-1'],
      },
      { line: 7, name: 'local', protocol: 'openai', baseUrl: 'http://127.0.0.1:11434', keys: [] },
    ])
  })

  it('reports each bad line by number, keeps the good ones, never echoes a key', () => {
    const csv = [
      'claude,relay-x,https://x.example.com,sk-secret-1',
      'openai,relay-a,https://relay-a.example.com,sk-a',
      'openai,,https://y.example.com,sk-secret-2',
      'openai,relay-z,not a url,sk-secret-3',
      'openai,relay-a,https://again.example.com,sk-secret-4',
      'openai,"broken,https://b.example.com,sk-secret-5',
      'gemini,g,https://g.example.com,AIza-ok',
    ].join('\n')
    const { providers, problems } = parseImportCsv(csv)
    expect(providers.map((provider) => [provider.line, provider.name])).toEqual([
      [2, 'relay-a'],
      [7, 'g'],
    ])
    expect(problems).toEqual([
      { line: 1, message: 'unknown type "claude" (expected openai, anthropic, gemini or openai-responses)' },
      { line: 3, message: 'the name is empty' },
      { line: 4, message: 'the base URL is not an http(s) URL' },
      { line: 5, message: 'the name "relay-a" is already used on line 2' },
      { line: 6, message: 'not valid CSV (check the quotes)' },
    ])
    expect(JSON.stringify(problems)).not.toMatch(/sk-secret/)
  })

  it('an empty file has nothing and no problems', () => {
    expect(parseImportCsv('')).toEqual({ providers: [], problems: [] })
  })
})

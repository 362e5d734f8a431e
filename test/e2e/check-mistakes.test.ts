import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runPinai } from '../helpers/pinai-process.ts'

/** Writes files into a fresh folder outside the repository and runs `pinai check` there. */
async function check(files: Record<string, string>) {
  const folder = mkdtempSync(join(tmpdir(), 'pinai-check-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text)
  const result = await runPinai(['check'], { cwd: folder })
  return { ...result, folder, lines: result.stderr.trim().split('\n') }
}

describe('pinai check names every mistake with its place, all at once', () => {
  it('catches what the gateway would trip on later, one line per problem', async () => {
    const result = await check({
      'pinai.config.ts': `import { defineConfig } from 'pinai'

export default defineConfig({
  storage: 'redis://cache:6379',
  rewrite: {
    tidy: [{ kind: 'regex', pattern: '\\\\-', flags: 'u' }, { kind: 'insert', text: '-x', position: 'after' }],
  },
  providers: [
    {
      name: 'relay', protocol: 'openai', baseUrl: 'https://relay.example.com/v1', rewrite: 'tidier',
      // @ts-expect-error: the misspelled key under test
      models: ['gpt-4o', { id: 'o3', nmae: 'o3' }],
    },
  ],
})
`,
    })
    expect(result.code).toBe(1)
    expect(result.lines[0]).toBe(`✗ ${join(result.folder, 'pinai.config.ts')}: 5 problems`)
    expect(result.lines.slice(1).sort()).toEqual(
      [
        '  providers[0].models[1].nmae: unknown key (is it misspelled?)',
        '  providers[0].rewrite: no rename pipeline named "tidier" in rewrite',
        '  rewrite.tidy[0].pattern: invalid regular expression with its flags (with u, escape only what needs it)',
        '  rewrite.tidy[1].anchor: required when position is before or after',
        '  storage: unsupported database URL scheme "redis:"; use sqlite:path, postgres://… or mysql://…',
      ].sort(),
    )
  })

  it('names a misspelled key inside the storage object', async () => {
    const result = await check({
      'pinai.config.ts': `export default { storage: { url: 'sqlite:data/x.db', retension: '7d' } }\n`,
    })
    expect(result.code).toBe(1)
    expect(result.lines[1]).toBe('  storage.retension: unknown key (is it misspelled?)')
  })

  it('shows the file, line and column of a config that throws, and of a syntax error', async () => {
    const thrown = await check({
      'pinai.config.ts': `import { defineConfig } from 'pinai'

function keyFromVault(): string {
  throw new Error('vault unreachable')
}

export default defineConfig({ providers: [{ name: 'a', protocol: 'openai', baseUrl: 'https://a.example.com', keys: [keyFromVault()] }] })
`,
    })
    expect(thrown.code).toBe(1)
    expect(thrown.lines[1]).toBe(`  ${join(thrown.folder, 'pinai.config.ts')}:4:9: threw Error: vault unreachable`)
    const broken = await check({ 'pinai.config.ts': `export default {\n  providers: [,\n  server: 1\n}\n` })
    expect(broken.lines[1]).toMatch(
      new RegExp(
        `^  ${join(broken.folder, 'pinai.config.ts').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: syntax error: `,
      ),
    )
  })

  it('refuses a file with no default export instead of reading it as an empty config', async () => {
    const result = await check({ 'pinai.config.ts': `export const config = { providers: [] }\n` })
    expect(result.code).toBe(1)
    expect(result.lines[1]).toBe(
      '  has no default export (it exports config): write `export default defineConfig({ … })`',
    )
  })

  it('allows $schema in .json and .yaml configs', async () => {
    const json = await check({
      'pinai.config.json': JSON.stringify({ $schema: './schemas/pinai.config.schema.json', providers: [] }),
    })
    expect(json.code).toBe(0)
    const yaml = await check({ 'pinai.config.yaml': '$schema: ./schemas/pinai.config.schema.json\nproviders: []\n' })
    expect(yaml.code).toBe(0)
    expect(yaml.stdout).toMatch(/pinai\.config\.yaml: 0 provider\(s\)/)
  })

  it('warns, without failing, about duplicate models, one name for two ids, and a cooldown longer than its cap', async () => {
    const result = await check({
      'pinai.config.ts': `export default {
  routing: { cooldown: { base: '10m', max: '1m' } },
  providers: [{ name: 'a', protocol: 'openai', baseUrl: 'https://a.example.com', models: [{ id: 'x-1', name: 'x' }, { id: 'x-2', name: 'x' }, 'y', 'y', { id: 'y', name: 'y-alias' }] }],
}
`,
    })
    expect(result.code).toBe(0)
    expect(result.lines).toEqual([
      '⚠ 3 warnings',
      '  providers[0].models[1]: "x-2" is exposed as "x", like "x-1" in this provider: clients get either one',
      '  providers[0].models[3]: "y" is already listed as models[2] (a duplicate; the gateway uses one)',
      '  routing.cooldown.base: is longer than routing.cooldown.max (the gateway raises max to it)',
    ])
  })

  it('warns about a fallback that names a model no enabled provider exposes', async () => {
    const result = await check({
      'pinai.config.ts': `export default {
  fallbacks: { 'claude-opus-4': ['claude-sonnet-4', 'deepseek-v3', 'gone'] },
  providers: [
    { name: 'a', protocol: 'anthropic', baseUrl: 'https://a.example.com', models: ['claude-opus-4', 'claude-sonnet-4'] },
    { name: 'b', protocol: 'openai', baseUrl: 'https://b.example.com', models: ['deepseek-v3', 'gone'], enabled: false },
  ],
}
`,
    })
    expect(result.code).toBe(0)
    expect(result.lines).toEqual([
      '⚠ 2 warnings',
      '  fallbacks["claude-opus-4"][1]: no enabled provider exposes "deepseek-v3"',
      '  fallbacks["claude-opus-4"][2]: no enabled provider exposes "gone"',
    ])
  })
})

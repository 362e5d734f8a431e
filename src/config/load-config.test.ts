import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.ts'
import { loadPinaiConfig } from './load-config.ts'

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pinai-config-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const provider = `{ name: 'relay', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', keys: ['\${RELAY_KEY}'], models: ['gpt-4o'] }`

async function issuesOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ConfigError)
  return (error as ConfigError).issues
}

describe('loadPinaiConfig', () => {
  it('loads a TypeScript config, resolves secrets from .env and fills defaults', async () => {
    const cwd = configDir({
      'pinai.config.ts': `export default { routing: { firstByteTimeout: '30s' }, providers: [${provider}] }`,
      '.env': 'RELAY_KEY=sk-from-dotenv\n',
    })
    const { config } = await loadPinaiConfig({ cwd, env: {} })
    expect(config.providers[0]?.keys).toEqual(['sk-from-dotenv'])
    expect(config.providers[0]?.weight).toBe(1)
    expect(config.routing.firstByteTimeout).toBe(30_000)
    expect(config.routing.strategy).toBe('weighted')
  })

  it('prefers the process environment over .env, and supports ${VAR:-default}', async () => {
    const cwd = configDir({
      'pinai.config.ts': `export default { auth: { tokens: ['\${TOKEN:-fallback}'] }, providers: [${provider}] }`,
      '.env': 'RELAY_KEY=from-file\n',
    })
    const { config } = await loadPinaiConfig({ cwd, env: { RELAY_KEY: 'from-env' } })
    expect(config.providers[0]?.keys).toEqual(['from-env'])
    expect(config.auth.tokens).toEqual(['fallback'])
  })

  it('reports a misspelled top-level key instead of dropping it', async () => {
    const cwd = configDir({ 'pinai.config.ts': `export default { provders: [] }` })
    expect(await issuesOf(loadPinaiConfig({ cwd, env: {} }))).toEqual([
      { path: 'provders', message: 'unknown key (is it misspelled?)' },
    ])
  })

  it('names the path of a bad URL, a missing secret and a bad protocol, all at once', async () => {
    const cwd = configDir({
      'pinai.config.json': JSON.stringify({
        providers: [
          { name: 'a', protocol: 'openai', baseUrl: 'http://127.0.0.1/v1', models: [] },
          { name: 'b', protocol: 'openai', baseUrl: 'http://127.0.0.1/v1', keys: ['${MISSING_KEY}'] },
          { name: 'c', protocol: 'opneai', baseUrl: 'not a url' },
        ],
      }),
    })
    const issues = await issuesOf(loadPinaiConfig({ cwd, env: {} }))
    expect(issues).toContainEqual({
      path: 'providers[1].keys[0]',
      message: 'environment variable MISSING_KEY is not set (in .env or the environment)',
    })
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['providers[2].protocol', 'providers[2].baseUrl']),
    )
    expect(issues.find((issue) => issue.path === 'providers[2].baseUrl')?.message).toMatch(/invalid URL/)
  })

  it('reports duplicate provider names and unknown rename pipelines', async () => {
    const cwd = configDir({
      'pinai.config.json': JSON.stringify({
        providers: [
          { name: 'a', protocol: 'openai', baseUrl: 'http://127.0.0.1/v1', rewrite: 'nope' },
          { name: 'a', protocol: 'gemini', baseUrl: 'http://127.0.0.1' },
        ],
      }),
    })
    const issues = await issuesOf(loadPinaiConfig({ cwd, env: {} }))
    expect(issues.map((issue) => issue.path)).toEqual(['providers[0].rewrite', 'providers[1].name'])
  })

  it('lets the documented environment variables override the file', async () => {
    const cwd = configDir({
      'pinai.config.yaml':
        'server:\n  port: 4000\nauth:\n  tokens: [file-token]\nmodelMapping:\n  a: b\nproviders: []\n',
    })
    const { config } = await loadPinaiConfig({
      cwd,
      env: {
        PORT: '5000',
        API_TOKEN: 'env-token',
        ADMIN_TOKEN: 'admin',
        MODEL_MAPPING: 'x:y,c:qwen3:8b',
        USER_AGENT: 'default',
        DATABASE_URL: 'postgres://h/db',
        ENABLE_WEB: 'true',
      },
    })
    expect(config.server.port).toBe(5000)
    expect(config.server.web).toBe(true)
    expect(config.auth.tokens).toEqual(['env-token'])
    expect(config.auth.adminToken).toBe('admin')
    expect(config.modelMapping).toEqual({ a: 'b', x: 'y', c: 'qwen3:8b' })
    expect(config.userAgent).toBe('default')
    expect(config.storage).toBe('postgres://h/db')
  })

  it('refuses a malformed MODEL_MAPPING with a clear message', async () => {
    const cwd = configDir({ 'pinai.config.json': '{}' })
    const issues = await issuesOf(loadPinaiConfig({ cwd, env: { MODEL_MAPPING: 'a:b,broken' } }))
    expect(issues[0]?.message).toBe('MODEL_MAPPING: pair 2 "broken" is not of the form from:to')
  })

  it('follows PINAI_CONFIG to another path', async () => {
    const cwd = configDir({ 'other.json': JSON.stringify({ server: { port: 1234 } }) })
    const { config, file } = await loadPinaiConfig({ cwd, env: { PINAI_CONFIG: 'other.json' } })
    expect(file).toBe(join(cwd, 'other.json'))
    expect(config.server.port).toBe(1234)
  })

  it('loads the example config of the repository as it is shipped', async () => {
    const { config } = await loadPinaiConfig({ cwd: process.cwd(), env: {} })
    expect(config.providers.length).toBeGreaterThan(0)
    expect(config.auth.tokens).toEqual([])
  })
})

import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { runPinai } from '../helpers/pinai-process.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

let upstream: MockUpstream
let workspace: Workspace

beforeAll(async () => {
  upstream = await startMockUpstream((request) =>
    request.headers.authorization === 'Bearer sk-local'
      ? { json: { object: 'list', data: [{ id: 'qwen3:8b' }, { id: 'meta-llama/Llama-3.1-8B-Instruct' }] } }
      : { status: 401, json: { error: { message: 'no' } } },
  )
  const config = `import { defineConfig } from 'pinai'

export default defineConfig({
  modelMapping: { 'claude-sonnet-4-20250514': 'llama-3.1-8b-instruct' },
  rewrite: { tidy: ['strip-group-tag', { kind: 'case', to: 'lower' }, { kind: 'replace', from: '-instruct', to: '', enabled: false }] },
  providers: [
    { name: 'local', protocol: 'openai', baseUrl: '${'${LOCAL_URL}'}', keys: ['${'${LOCAL_KEY}'}'], rewrite: 'tidy', weight: 2, models: ['qwen3:8b'] },
    { name: 'spare', protocol: 'openai', baseUrl: 'http://127.0.0.1:9', enabled: false, models: [{ id: 'qwen3:8b', name: 'qwen3:8b' }] },
  ],
})
`
  workspace = await createWorkspace(config, {
    '.env': `LOCAL_URL=${upstream.url}\nLOCAL_KEY=sk-local\n`,
    'bad.csv': 'openai,ok,http://127.0.0.1:10\nnope,x,http://x,sk-bad-SECRET\nsk-proj-LEAKCHECKabc,y,http://y,z\n',
  })
}, 30_000)

afterAll(async () => {
  await upstream?.close()
  await workspace?.remove()
})

describe('pinai plan (CLI)', () => {
  it('--json prints the plan and exits 2 when there are changes', async () => {
    const result = await runPinai(['plan', '--rename', '--json'], { cwd: workspace.dir })
    expect(result.code).toBe(2)
    const plan = JSON.parse(result.stdout) as {
      changed: boolean
      providers: Array<{ provider: string; added: unknown[] }>
    }
    expect(plan.changed).toBe(true)
    expect(plan.providers).toEqual([
      expect.objectContaining({
        provider: 'local',
        added: [{ id: 'meta-llama/Llama-3.1-8B-Instruct', name: 'llama-3.1-8b-instruct' }],
      }),
    ])
  })

  it('a bad CSV line is reported with its number, without its key, and exits 1', async () => {
    const result = await runPinai(['plan', '--import', 'bad.csv', '--no-fetch'], { cwd: workspace.dir })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('bad.csv line 2: unknown type "nope"')
    expect(result.stdout).toContain(
      "+    { name: 'ok', protocol: 'openai', baseUrl: 'http://127.0.0.1:10', models: [] },\n",
    )
    // A key pasted into the type column is not echoed, not even in part.
    expect(result.stdout).toContain('bad.csv line 3: unknown type (not shown: it may be a key in the wrong column)')
    expect(result.stdout + result.stderr).not.toContain('sk-bad-SECRET')
    expect(result.stdout + result.stderr).not.toMatch(/LEAKCHECK|sk-proj/)
  })
})

describe('pinai models and pinai rewrite', () => {
  it('models lists each exposed name with its providers, ids and weights, and the mapping', async () => {
    const result = await runPinai(['models'], { cwd: workspace.dir })
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toMatch(/^MODEL\s+PROVIDER\s+UPSTREAM ID\s+WEIGHT\s+PRIORITY\s+KEYS$/)
    expect(lines[1]).toMatch(/^qwen3:8b\s+local\s+qwen3:8b\s+2\s+0\s+1$/)
    expect(lines[2]).toMatch(/^\s+spare \(disabled\)\s+qwen3:8b\s+1\s+0\s+0$/)
    expect(result.stdout).toMatch(/claude-sonnet-4-20250514\s+→\s+llama-3\.1-8b-instruct/)
  })

  it("rewrite shows each step of a provider's pipeline", async () => {
    const result = await runPinai(['rewrite', '--provider', 'local', 'meta-llama/Llama-3.1-8B-Instruct'], {
      cwd: workspace.dir,
    })
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'meta-llama/Llama-3.1-8B-Instruct → llama-3.1-8b-instruct  (pipeline tidy)',
      '  1  strip-group-tag              Llama-3.1-8B-Instruct',
      '  2  lower-case                   llama-3.1-8b-instruct',
      '  3  replace "-instruct" with ""  (disabled)',
    ])
  })
})

describe('pinai apply without a plan file', () => {
  it('refuses to guess without a terminal, then plans and applies with --auto-approve', async () => {
    const before = await readFile(workspace.file, 'utf8')
    const refused = await runPinai(['apply', '--rename'], { cwd: workspace.dir })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('pass --auto-approve')
    expect(await readFile(workspace.file, 'utf8')).toBe(before)

    const applied = await runPinai(['apply', '--rename', '--auto-approve'], { cwd: workspace.dir })
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain('✓ Applied to pinai.config.ts')
    const after = await readFile(workspace.file, 'utf8')
    expect(after).toBe(
      // The one-line list would pass the width, so that list (and only it) is spread over lines.
      before.replace(
        "models: ['qwen3:8b'] }",
        "models: [\n      'qwen3:8b',\n      { id: 'meta-llama/Llama-3.1-8B-Instruct', name: 'llama-3.1-8b-instruct', auto: true },\n    ] }",
      ),
    )
  })
})

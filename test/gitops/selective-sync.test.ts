import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { runPinai } from '../helpers/pinai-process.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

const bin = join(import.meta.dirname, '..', '..', 'bin', 'pinai.mjs')

let upstream: MockUpstream
let workspace: Workspace

const lists: Record<string, string[]> = {
  '/relay/v1/models': ['gpt-4o', 'deepseek-ai/DeepSeek-V3-0324', 'Qwen/Qwen3-8B', 'gpt-4.1', 'gpt-4.1-mini', 'o3'],
  '/empty/v1/models': [],
  '/shrinking/v1/models': ['a'],
}

const config = `import { defineConfig } from 'pinai'

export default defineConfig({
  modelMapping: { 'claude-sonnet-4-20250514': 'my-sonnet' },
  rewrite: { default: ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'] },
  providers: [
    {
      name: 'relay',
      protocol: 'openai',
      baseUrl: '\${UPSTREAM}/relay/v1',
      rewrite: 'default',
      models: [
        'GPT-4o',
        { id: 'deepseek-ai/DeepSeek-V3-0324', name: 'my-deepseek' }, // chosen by hand
        { id: 'Qwen/Qwen3-8B', name: 'qwen3', auto: true },
        { id: 'hidden/sonnet', name: 'my-sonnet' },
      ],
    },
    { name: 'down', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['kept-1', 'kept-2'] },
    { name: 'empty', protocol: 'openai', baseUrl: '\${UPSTREAM}/empty/v1', models: ['still-here'] },
    { name: 'shrinking', protocol: 'openai', baseUrl: '\${UPSTREAM}/shrinking/v1', models: ['a', 'b'] },
  ],
})
`

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    const ids = lists[request.path]
    return ids
      ? { json: { object: 'list', data: ids.map((id) => ({ id })) } }
      : { status: 404, json: { error: { message: 'no' } } }
  })
})

afterAll(async () => {
  await upstream?.close()
})

beforeEach(async () => {
  await workspace?.remove()
  workspace = await createWorkspace(config, { '.env': `UPSTREAM=${upstream.url}\n` })
})

interface PlanJson {
  changed: boolean
  providers: Array<{
    provider: string
    added: Array<{ id: string; name: string }>
    removed: string[]
    renamed: Array<{ id: string; to: string }>
    notes: string[]
    error?: string
  }>
}

describe('selective sync from the CLI', () => {
  it('--only and --except choose the new models; names chosen by hand survive --rename, before and after apply', async () => {
    const args = ['--provider', 'relay', '--rename', '--only', 'GPT-*,o3', '--except', '*-mini']
    const planned = await runPinai(['plan', ...args, '--json'], { cwd: workspace.dir })
    expect(planned.code).toBe(2)
    const relay = (JSON.parse(planned.stdout) as PlanJson).providers[0]
    expect(relay?.added).toEqual([
      { id: 'gpt-4.1', name: 'gpt-4.1' },
      { id: 'o3', name: 'o3' },
    ])
    expect(relay?.renamed).toEqual([
      { id: 'GPT-4o', from: 'GPT-4o', to: 'gpt-4o' },
      { id: 'Qwen/Qwen3-8B', from: 'qwen3', to: 'qwen3-8b' },
    ])
    expect(relay?.removed).toEqual([])
    expect(relay?.notes).toEqual(
      expect.arrayContaining([
        '1 new model not taken (not selected)',
        '"deepseek-ai/DeepSeek-V3-0324" keeps its pinned name "my-deepseek" (the pipeline would name it "deepseek-v3")',
        'upstream lists "GPT-4o" as "gpt-4o" (same model; the config keeps its spelling)',
        '"hidden/sonnet" is not listed upstream but modelMapping points at "my-sonnet": kept, not marked as gone',
      ]),
    )

    const applied = await runPinai(['apply', ...args, '--auto-approve'], { cwd: workspace.dir })
    expect(applied.code).toBe(0)
    const written = await readFile(workspace.file, 'utf8')
    expect(written).toContain("{ id: 'deepseek-ai/DeepSeek-V3-0324', name: 'my-deepseek' }, // chosen by hand")
    expect(written).toContain("{ id: 'Qwen/Qwen3-8B', name: 'qwen3-8b', auto: true },")
    expect(written).toContain("{ id: 'hidden/sonnet', name: 'my-sonnet' },")
    expect(written).toMatch(/'gpt-4\.1',\n\s+'o3',\n/)
    expect(written).not.toContain('gpt-4.1-mini')

    // The next sync keeps the hand-chosen name and shows the would-be rename as a note, not a change.
    const again = await runPinai(['plan', '--provider', 'relay', '--rename', '--except', '*'], { cwd: workspace.dir })
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('note: "deepseek-ai/DeepSeek-V3-0324" keeps its pinned name "my-deepseek"')
    expect(again.stdout).not.toContain('renamed')
  }, 60_000)

  it('a failed fetch or an empty list is unknown, not "everything gone"; the summary says what happened', async () => {
    const result = await runPinai(['plan', '--provider', 'down,empty'], { cwd: workspace.dir })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/ {2}down: ✗ .+/)
    expect(result.stdout).toContain('note: its model list is unknown: nothing is added or marked as gone')
    expect(result.stdout).toContain('note: the upstream listed no models: nothing is marked as gone')
    expect(result.stdout).not.toContain('gone upstream (kept')
    expect(result.stdout).toContain('No changes made: 1 problem above.')
    expect(result.stdout).not.toContain('The config matches the upstreams')

    const shrinking = await runPinai(['plan', '--provider', 'shrinking'], { cwd: workspace.dir })
    expect(shrinking.code).toBe(0)
    expect(shrinking.stdout).toContain('shrinking: 1 gone upstream (kept; --prune removes them): b')
    expect(shrinking.stdout).toContain(
      'No changes to the config, but 1 model gone upstream is kept (--prune removes it).',
    )
  }, 60_000)

  it('on a terminal, pinai plan lets the user pick the new models per provider', async () => {
    // `script` gives pinai a real terminal; keys are typed once the picker is drawn.
    const command = `stty cols 120 rows 40; ${process.execPath} ${bin} plan --provider relay`
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: workspace.dir,
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
    })
    let output = ''
    let typed = false
    const keys = [' ', '\u001b[B', ' ', '\r'] // untick the whole provider, go down to its first model, tick it, confirm
    child.stdout.on('data', async (chunk: Buffer) => {
      output += chunk.toString()
      if (typed || !output.includes('which to take?')) return
      typed = true
      for (const key of keys) {
        await new Promise((resolve) => setTimeout(resolve, 150))
        child.stdin.write(key)
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    clearTimeout(timer)
    expect(typed).toBe(true)
    expect(code).toBe(2)
    expect(output).toContain("+        'gpt-4.1',")
    expect(output).not.toContain("+        'gpt-4.1-mini',")
    expect(output).not.toContain("+        'o3',")
    expect(output).toContain('2 new models not taken (not selected)')
  }, 60_000)
})

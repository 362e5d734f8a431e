import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockUpstream, type MockUpstream, type MockReply } from '../helpers/mock-upstream.ts'
import { runPinai, startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

/** Five relays behind one mock: each path prefix lists its own models, in its own protocol. */
const lists: Record<string, MockReply> = {
  '/relay-1/models': {
    json: {
      object: 'list',
      data: [
        { id: 'Pro/deepseek-ai/DeepSeek-V3', object: 'model' },
        { id: 'gpt-4o-2024-08-06', object: 'model' },
      ],
    },
  },
  '/relay-2/v1/models': { json: { object: 'list', data: [{ id: 'moonshotai/kimi-k2:free', object: 'model' }] } },
  '/relay-3/v1/models?limit=1000': {
    json: {
      data: [{ type: 'model', id: 'claude-sonnet-4-20250514' }],
      has_more: false,
      last_id: 'claude-sonnet-4-20250514',
    },
  },
  '/relay-4/v1beta/models?pageSize=1000': {
    json: {
      models: [
        { name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent'] },
        { name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] },
      ],
    },
  },
  '/relay-5/models': { json: { object: 'list', data: [{ id: 'qwen3-235b-a22b-instruct-2507', object: 'model' }] } },
}
const keys = ['sk-one-SECRET', 'sk-two-SECRET', 'sk-three-SECRET', 'AIza-four-SECRET', 'sk-five-SECRET']

let upstream: MockUpstream
let workspace: Workspace
let pinai: PinaiProcess

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    const listed = lists[request.path]
    if (listed) return listed
    if (request.path === '/relay-1/chat/completions') {
      const model = (request.body as { model?: string }).model
      return {
        json: {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: `hi from ${model}` }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
        },
      }
    }
    return { status: 404, json: { error: { message: `no route ${request.path}` } } }
  })
  const csv = [
    'type,name,baseUrl,key',
    `openai,relay-1,${upstream.url}/relay-1,${keys[0]}`,
    `openai,relay-2,${upstream.url}/relay-2/v1,${keys[1]}`,
    `anthropic,relay-3,${upstream.url}/relay-3,${keys[2]}`,
    `gemini,relay-4,${upstream.url}/relay-4,${keys[3]}`,
    `OpenAI,relay-5,${upstream.url}/relay-5,${keys[4]}`,
  ].join('\n')
  const config = `// Reviewed by hand; changed only through \`pinai plan\` / \`pinai apply\`.
import { defineConfig } from 'pinai'

export default defineConfig({
  providers: [], // filled from relays.csv
})
`
  workspace = await createWorkspace(config, { 'relays.csv': csv })
  pinai = await startPinai(['--config', workspace.file], {
    cwd: workspace.dir,
    env: { DATABASE_URL: `sqlite:${join(workspace.dir, 'pinai.db')}` },
  })
}, 30_000)

afterAll(async () => {
  await pinai?.stop()
  await upstream?.close()
  await workspace?.remove()
})

async function exposedModels(): Promise<string[]> {
  const response = await fetch(`${pinai.url}/openai/v1/models`)
  const body = (await response.json()) as { data: Array<{ id: string }> }
  return body.data.map((model) => model.id).sort()
}

describe('five relays from a CSV: plan, apply, served without a restart', () => {
  it('plan shows the diff and exits 2; apply writes it; the running gateway serves the new models', async () => {
    expect(await exposedModels()).toEqual([])
    const planned = await runPinai(['plan', '--import', 'relays.csv', '--rename', '--out', 'plan.json'], {
      cwd: workspace.dir,
    })
    expect(planned.stderr, planned.stdout).toContain('[5/5]')
    expect(planned.code).toBe(2)
    expect(planned.stdout).toContain("+      keys: ['${RELAY_1_KEY}'],")
    expect(planned.stdout).toContain(
      "+        { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3', auto: true },\n+        { id: 'gpt-4o-2024-08-06', name: 'gpt-4o', auto: true },\n",
    )
    expect(planned.stdout).toContain('Plan: 5 new providers, 6 models added, 5 new variables in .env.')
    for (const key of keys) {
      expect(planned.stdout + planned.stderr).not.toContain(key)
      expect(await readFile(join(workspace.dir, 'plan.json'), 'utf8')).not.toContain(key)
    }

    // A bare `pinai apply` applies the plan just reviewed (the import), not a fresh sync.
    const applied = await runPinai(['apply', '--auto-approve'], { cwd: workspace.dir })
    expect(applied.stderr).toBe('')
    expect(applied.code).toBe(0)
    for (const key of keys) expect(applied.stdout).not.toContain(key)
    const config = await readFile(workspace.file, 'utf8')
    expect(
      config.startsWith(
        "// Reviewed by hand; changed only through `pinai plan` / `pinai apply`.\nimport { defineConfig } from 'pinai'\n",
      ),
    ).toBe(true)
    expect(config).toContain("  providers: [\n    {\n      name: 'relay-1',")
    expect(config).toContain('  ], // filled from relays.csv\n')

    const expected = [
      'claude-sonnet-4',
      'deepseek-v3',
      'gemini-2.5-pro',
      'gpt-4o',
      'kimi-k2',
      'qwen3-235b-a22b-instruct',
    ]
    const deadline = Date.now() + 10_000
    while ((await exposedModels()).join() !== expected.join() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await exposedModels()).toEqual(expected)

    const response = await fetch(`${pinai.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-v3', messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(response.status).toBe(200)
    expect(
      ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content,
    ).toBe('hi from Pro/deepseek-ai/DeepSeek-V3')
    const call = upstream.requests.find((request) => request.path === '/relay-1/chat/completions')
    expect(call?.headers.authorization).toBe(`Bearer ${keys[0]}`)

    // Nothing left to do: the same plan again changes nothing and exits 0.
    const again = await runPinai(['plan', '--provider', 'relay-1,relay-2,relay-3,relay-4,relay-5', '--rename'], {
      cwd: workspace.dir,
    })
    expect(again.stdout).toContain('No changes.')
    expect(again.code).toBe(0)
    // The applied plan is now stale.
    const stale = await runPinai(['apply', 'plan.json', '--auto-approve'], { cwd: workspace.dir })
    expect(stale.code).toBe(1)
    expect(stale.stderr).toMatch(/changed since this plan was made/)
  }, 60_000)
})

import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadPinaiConfig } from '../../src/config/load-config.ts'
import { applyPlan, createPlan, readPlanFile, StalePlanError, writePlanFile } from '../../src/gitops/index.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

const config = `// pinai config — reviewed by hand, patched by \`pinai apply\`.
import { defineConfig } from 'pinai'

export default defineConfig({
  server: { port: 3000 }, // local only
  rewrite: {
    // relays prefix vendors and add dates
    default: ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'],
  },
  providers: [
    {
      name: 'relay-a', // the cheap one
      protocol: 'openai',
      baseUrl: 'https://relay-a.example.com',
      keys: ['\${RELAY_A_KEY}'],
      rewrite: 'default',
      models: [
        // chat
        'gpt-4o-mini',
        'claude-3-5-sonnet-20241022', /* named by hand below? no */
        'retired-model',
      ],
    },
  ],
})
`

const expected = `// pinai config — reviewed by hand, patched by \`pinai apply\`.
import { defineConfig } from 'pinai'

export default defineConfig({
  server: { port: 3000 }, // local only
  rewrite: {
    // relays prefix vendors and add dates
    default: ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'],
  },
  providers: [
    {
      name: 'relay-a', // the cheap one
      protocol: 'openai',
      baseUrl: 'https://relay-a.example.com',
      keys: ['\${RELAY_A_KEY}'],
      rewrite: 'default',
      models: [
        // chat
        'gpt-4o-mini',
        { id: 'claude-3-5-sonnet-20241022', name: 'claude-3-5-sonnet', auto: true }, /* named by hand below? no */
        'retired-model',
        { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3', auto: true },
        { id: 'gpt-4o-2024-08-06', name: 'gpt-4o', auto: true },
      ],
    },
  ],
})
`

const upstream = {
  object: 'list',
  data: ['gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'gpt-4o-2024-08-06', 'Pro/deepseek-ai/DeepSeek-V3'].map((id) => ({
    id,
    object: 'model',
  })),
}
const server = setupServer(
  http.get('https://relay-a.example.com/v1/models', ({ request }) =>
    request.headers.get('authorization') === 'Bearer sk-relay-a-secret'
      ? HttpResponse.json(upstream)
      : HttpResponse.json({ error: { message: 'bad key' } }, { status: 401 }),
  ),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

let workspace: Workspace
const env = { RELAY_A_KEY: 'sk-relay-a-secret' }
afterEach(async () => {
  await workspace?.remove()
})

describe('plan and apply a sync', () => {
  it('plans added and renamed models, lists the one gone upstream, and applies exactly that', async () => {
    workspace = await createWorkspace(config)
    const { plan } = await createPlan({ file: workspace.file, sync: 'all', rename: true, env, cwd: workspace.dir })
    expect(plan.changed).toBe(true)
    expect(plan.providers).toEqual([
      {
        provider: 'relay-a',
        action: 'sync',
        added: [
          { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' },
          { id: 'gpt-4o-2024-08-06', name: 'gpt-4o' },
        ],
        removed: ['retired-model'],
        renamed: [{ id: 'claude-3-5-sonnet-20241022', from: 'claude-3-5-sonnet-20241022', to: 'claude-3-5-sonnet' }],
        keys: [{ label: 'key 1', count: 4 }],
        notes: [],
      },
    ])
    expect(plan.diff).toContain('--- pinai.config.ts')
    expect(plan.diff).toContain("+        { id: 'gpt-4o-2024-08-06', name: 'gpt-4o', auto: true },")
    expect(plan.diff).not.toContain("-        'retired-model',")
    const result = await applyPlan(plan, { env })
    expect(result.changed).toBe(true)
    expect(await readFile(workspace.file, 'utf8')).toBe(expected)
    const loaded = await loadPinaiConfig({ file: workspace.file, env })
    expect(loaded.config.providers[0]?.models).toContainEqual({
      id: 'gpt-4o-2024-08-06',
      name: 'gpt-4o',
      enabled: true,
      auto: true,
    })
  })

  it('removes models gone upstream only with prune', async () => {
    workspace = await createWorkspace(config)
    const { plan } = await createPlan({ file: workspace.file, sync: ['relay-a'], env, cwd: workspace.dir })
    expect(plan.pruneEdits).toEqual([{ op: 'remove-models', provider: 'relay-a', ids: ['retired-model'] }])
    await applyPlan(plan, { env, prune: true })
    const text = await readFile(workspace.file, 'utf8')
    expect(text).not.toContain('retired-model')
    expect(text).toContain("        'gpt-4o-2024-08-06',\n")
    // A second plan finds nothing to do.
    const again = await createPlan({ file: workspace.file, sync: 'all', env, cwd: workspace.dir })
    expect(again.plan.changed).toBe(false)
    expect(again.plan.diff).toBe('')
  })

  it('refuses a plan made against another version of the file, and leaves the file alone', async () => {
    workspace = await createWorkspace(config)
    const { plan } = await createPlan({ file: workspace.file, sync: 'all', env, cwd: workspace.dir })
    const edited = config.replace('port: 3000', 'port: 3001')
    await writeFile(workspace.file, edited)
    await expect(applyPlan(plan, { env })).rejects.toBeInstanceOf(StalePlanError)
    expect(await readFile(workspace.file, 'utf8')).toBe(edited)
  })

  it('validates the result before writing: an invalid outcome is refused and nothing is written', async () => {
    workspace = await createWorkspace(config)
    const { plan } = await createPlan({
      file: workspace.file,
      edits: [{ op: 'set-provider', provider: 'relay-a', fields: { rewrite: 'no-such-pipeline' } }],
      env,
      cwd: workspace.dir,
    })
    await expect(applyPlan(plan, { env })).rejects.toThrow(
      /providers\[0\]\.rewrite: no rename pipeline named "no-such-pipeline"/,
    )
    expect(await readFile(workspace.file, 'utf8')).toBe(config)
  })

  it('a provider whose list fails is reported; the plan file round-trips', async () => {
    workspace = await createWorkspace(config)
    const { plan } = await createPlan({
      file: workspace.file,
      sync: 'all',
      env: { RELAY_A_KEY: 'sk-wrong' },
      cwd: workspace.dir,
    })
    expect(plan.problems).toEqual([{ where: 'provider relay-a', message: 'model list: HTTP 401: bad key' }])
    expect(plan.changed).toBe(false)
    const out = join(workspace.dir, 'plan.json')
    await writePlanFile(out, plan)
    expect(await readPlanFile(out)).toEqual(plan)
  })
})

import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConfigHolder } from '../../src/config/config-holder.ts'
import { ConfigNotWritableError, createConfigAdmin } from '../../src/gitops/config-admin.ts'
import { GatewayError } from '../../src/ir/errors.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

const config = `import { defineConfig } from 'pinai'

export default defineConfig({
  auth: { tokens: ['literal-token-SECRET', '\${API_TOKEN:-}'] },
  storage: 'postgres://pinai:db-password-SECRET@127.0.0.1:5432/pinai',
  providers: [
    {
      name: 'relay-a',
      protocol: 'openai',
      baseUrl: 'https://relay-a.example.com',
      keys: ['\${RELAY_A_KEY}', 'sk-inline-SECRET'],
      headers: { 'x-extra': 'header-SECRET' },
      models: ['gpt-4o-mini'],
    },
  ],
})
`
const env = { RELAY_A_KEY: 'sk-a' }
const quiet = () => undefined

const server = setupServer(
  http.get('https://relay-a.example.com/v1/models', () =>
    HttpResponse.json({ data: [{ id: 'gpt-4o-mini' }, { id: 'deepseek-ai/DeepSeek-V3' }] }),
  ),
  http.get('https://relay-new.example.com/v1/models', () => HttpResponse.json({ data: [{ id: 'qwen3:8b' }] })),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

let workspace: Workspace
afterEach(async () => {
  await workspace?.remove()
})

async function setup(extra: Partial<Parameters<typeof createConfigAdmin>[0]> = {}) {
  workspace = await createWorkspace(config)
  const holder = await createConfigHolder({ file: workspace.file, env, log: quiet })
  return { holder, admin: createConfigAdmin({ holder, env, ...extra }) }
}

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(GatewayError)
  return error as GatewayError
}

describe('config admin API', () => {
  it('GET /api/config redacts literal secrets and keeps references', async () => {
    const { admin } = await setup()
    const view = admin.getConfig()
    const text = JSON.stringify(view)
    expect(text).not.toMatch(/SECRET/)
    expect(view.config).toMatchObject({
      auth: { tokens: ['***', '${API_TOKEN:-}'] },
      storage: 'postgres://pinai:***@127.0.0.1:5432/pinai',
      providers: [{ keys: ['${RELAY_A_KEY}', '***'], headers: { 'x-extra': '***' } }],
    })
    expect(view.lastError).toBeNull()
  })

  it('plans edits and applies them by id; literal keys go to .env, the holder reloads', async () => {
    const { admin, holder } = await setup()
    const planned = await admin.plan({
      edits: [
        {
          op: 'add-provider',
          provider: {
            name: 'relay-new',
            protocol: 'openai',
            baseUrl: 'https://relay-new.example.com',
            keys: ['sk-new-SECRET'],
            models: ['qwen3:8b'],
          },
        },
        { op: 'set-provider', provider: 'relay-a', fields: { weight: 2 } },
      ],
    })
    expect(planned.changed).toBe(true)
    expect(planned.env).toEqual(['RELAY_NEW_KEY'])
    expect(planned.summary).toContain('relay-new: new provider, +1 model')
    expect(planned.summary).toContain('relay-a: sets weight')
    expect(JSON.stringify(planned)).not.toMatch(/SECRET/)
    expect(planned.diff).toContain("+      keys: ['${RELAY_NEW_KEY}'],")
    const applied = await admin.apply({ planId: planned.planId })
    expect(applied).toMatchObject({ applied: true, envAdded: ['RELAY_NEW_KEY'], reloaded: true })
    expect(JSON.stringify(applied)).not.toMatch(/SECRET/)
    expect(await readFile(join(workspace.dir, '.env'), 'utf8')).toContain('RELAY_NEW_KEY=sk-new-SECRET')
    expect(holder.current.config.providers.map((provider) => [provider.name, provider.weight])).toEqual([
      ['relay-a', 2],
      ['relay-new', 1],
    ])
    // A plan is applied once.
    expect((await rejection(admin.apply({ planId: planned.planId }))).code).toBe('plan_not_found')
  })

  it('plans a sync with renaming', async () => {
    const { admin } = await setup()
    const planned = await admin.plan({ sync: { providers: ['relay-a'] }, rename: true })
    expect(planned.providers[0]).toMatchObject({
      provider: 'relay-a',
      added: [{ id: 'deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }],
    })
  })

  it('answers 409 with the patch when the file is read-only, and 409 for a stale plan', async () => {
    const readOnly = await setup({ isWritable: async () => false })
    const planned = await readOnly.admin.plan({
      edits: [{ op: 'remove-models', provider: 'relay-a', ids: ['gpt-4o-mini'] }],
    })
    const refused = await rejection(readOnly.admin.apply({ planId: planned.planId }))
    expect(refused).toBeInstanceOf(ConfigNotWritableError)
    expect(refused.status).toBe(409)
    expect((refused as ConfigNotWritableError).details.patch).toContain("-      models: ['gpt-4o-mini'],")
    expect(await readFile(workspace.file, 'utf8')).toBe(config)
    await workspace.remove()

    const { admin } = await setup()
    const stale = await admin.plan({ edits: [{ op: 'set-provider', provider: 'relay-a', fields: { priority: 1 } }] })
    await writeFile(workspace.file, config.replace('gpt-4o-mini', 'gpt-4.1'))
    const error = await rejection(admin.apply({ planId: stale.planId }))
    expect([error.status, error.code]).toEqual([409, 'plan_stale'])
  })

  it('two plans of the same file applied at once: one is written, the other is stale', async () => {
    const { admin } = await setup()
    const first = await admin.plan({ edits: [{ op: 'set-provider', provider: 'relay-a', fields: { weight: 5 } }] })
    const second = await admin.plan({ edits: [{ op: 'set-provider', provider: 'relay-a', fields: { weight: 7 } }] })
    const outcomes = await Promise.allSettled([
      admin.apply({ planId: first.planId }),
      admin.apply({ planId: second.planId }),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected'])
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: 'plan_stale' })
    expect(await readFile(workspace.file, 'utf8')).toContain('      weight: 5,\n')
  })

  it('refuses bad bodies with 400 and names what is wrong', async () => {
    const { admin } = await setup()
    expect((await rejection(admin.plan({}))).status).toBe(400)
    expect((await rejection(admin.plan({ edits: [{ op: 'explode' }] }))).status).toBe(400)
    expect((await rejection(admin.apply({}))).status).toBe(400)
  })

  it('previews unsaved rename steps on the configured names', async () => {
    const { admin } = await setup()
    const preview = await admin.previewRewrite({
      steps: [
        { kind: 'case', to: 'upper' },
        { kind: 'regex', pattern: '-MINI$', replace: '', enabled: false },
      ],
    })
    expect(preview.names).toHaveLength(1)
    expect(preview.names[0]?.output).toBe('GPT-4O-MINI')
    const error = await rejection(admin.previewRewrite({ steps: [{ kind: 'regex', pattern: '(' }] }))
    expect(error.message).toMatch(/rewrite\.preview\[0\]\.pattern/)
  })
})

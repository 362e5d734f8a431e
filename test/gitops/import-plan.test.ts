import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import picocolors from 'picocolors'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadPinaiConfig } from '../../src/config/load-config.ts'
import { applyPlan, createPlan, readPlanFile, renderSummary, writePlanFile } from '../../src/gitops/index.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

const config = `import { defineConfig } from 'pinai'

export default defineConfig({
  providers: [
    {
      name: 'relay-a',
      protocol: 'openai',
      baseUrl: 'https://relay-a.example.com',
      keys: ['\${RELAY_A_KEY}'],
      models: ['gpt-4o-mini'],
    },
  ],
})
`

const secrets = ['sk-b-one-SECRET', 'sk-b-two-SECRET', 'sk-ant-c-SECRET', 'AIza-d-SECRET', 'sk-x-SECRET']
const csv = [
  'type,name,baseUrl,key',
  `OpenAI,relay-b,https://relay-b.example.com/v1,${secrets[0]},${secrets[1]}`,
  `ANTHROPIC,relay-c,https://relay-c.example.com,${secrets[2]}`,
  `gemini,relay-d,https://relay-d.example.com,${secrets[3]}`,
  `claude,relay-x,https://x.example.com,${secrets[4]}`,
  'openai,relay-a,https://relay-a.example.com,sk-a-again',
].join('\n')

const server = setupServer(
  http.get('https://relay-b.example.com/v1/models', ({ request }) => {
    const auth = request.headers.get('authorization')
    if (auth === `Bearer ${secrets[0]}`)
      return HttpResponse.json({ data: [{ id: 'Pro/deepseek-ai/DeepSeek-V3' }, { id: 'gpt-4o(官转)' }] })
    if (auth === `Bearer ${secrets[1]}`) return HttpResponse.json({ data: [{ id: 'moonshotai/kimi-k2:free' }] })
    return HttpResponse.json({ error: { message: `unknown key ${auth}` } }, { status: 401 })
  }),
  http.get('https://relay-c.example.com/v1/models', ({ request }) =>
    request.headers.get('x-api-key') === secrets[2]
      ? HttpResponse.json({
          data: [{ id: 'claude-sonnet-4-20250514', type: 'model' }],
          has_more: false,
          last_id: 'claude-sonnet-4-20250514',
        })
      : HttpResponse.json(
          { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
          { status: 401 },
        ),
  ),
  // relay-d echoes the key in its error, as some relays do.
  http.get('https://relay-d.example.com/v1beta/models', ({ request }) =>
    HttpResponse.json(
      {
        error: {
          code: 403,
          message: `API key ${request.headers.get('x-goog-api-key')} is not allowed`,
          status: 'PERMISSION_DENIED',
        },
      },
      { status: 403 },
    ),
  ),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

let workspace: Workspace
afterEach(async () => {
  await workspace?.remove()
})
const env = { RELAY_A_KEY: 'sk-a' }

function expectNoSecret(text: string) {
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe('plan --import relays.csv --rename', () => {
  it('plans new providers with ${VAR} keys, fetches and renames their models, reports bad lines, leaks no key', async () => {
    workspace = await createWorkspace(config, {
      'relays.csv': csv,
      '.env': 'RELAY_A_KEY=sk-a\nRELAY_B_KEY=taken-by-someone\n',
    })
    const csvFile = join(workspace.dir, 'relays.csv')
    const { plan, secrets: values } = await createPlan({
      file: workspace.file,
      import: { csv, file: csvFile },
      rename: true,
      env,
      cwd: workspace.dir,
    })
    expect(plan.env.map((addition) => [addition.name, addition.provider])).toEqual([
      ['RELAY_B_KEY_2', 'relay-b'],
      ['RELAY_B_KEY_3', 'relay-b'],
      ['RELAY_C_KEY', 'relay-c'],
      ['RELAY_D_KEY', 'relay-d'],
    ])
    expect(
      plan.providers.map((provider) => [provider.provider, provider.action, provider.added.map((model) => model.name)]),
    ).toEqual([
      ['relay-a', 'unchanged-import', []],
      ['relay-b', 'import', ['deepseek-v3', 'gpt-4o', 'kimi-k2']],
      ['relay-c', 'import', ['claude-sonnet-4']],
      ['relay-d', 'import', []],
    ])
    expect(plan.problems).toEqual([
      {
        where: 'relays.csv line 5',
        message: 'unknown type "claude" (expected openai, anthropic, gemini or openai-responses)',
      },
      { where: 'provider relay-d', message: 'model list: HTTP 403: API key *** is not allowed' },
    ])
    expect(plan.diff).toContain("+      keys: ['${RELAY_B_KEY_2}', '${RELAY_B_KEY_3}'],")
    expect(plan.diff).toContain("+        { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3', auto: true },")
    expect(values.get('RELAY_C_KEY')).toBe(secrets[2])

    // No secret in the plan, its file, the diff or the printed summary.
    const out = join(workspace.dir, 'plan.json')
    await writePlanFile(out, plan)
    expectNoSecret(await readFile(out, 'utf8'))
    expectNoSecret(JSON.stringify(plan))
    expectNoSecret(renderSummary(plan, picocolors.createColors(false)))

    // Apply from the plan file: keys are re-read from the CSV into .env; the config holds references.
    const result = await applyPlan(await readPlanFile(out), { env })
    expect(result.envAdded).toEqual(['RELAY_B_KEY_2', 'RELAY_B_KEY_3', 'RELAY_C_KEY', 'RELAY_D_KEY'])
    const written = await readFile(workspace.file, 'utf8')
    expectNoSecret(written)
    const dotenv = await readFile(join(workspace.dir, '.env'), 'utf8')
    expect(dotenv.startsWith('RELAY_A_KEY=sk-a\nRELAY_B_KEY=taken-by-someone\n\n# added by pinai apply')).toBe(true)
    expect(dotenv).toContain(
      `RELAY_B_KEY_2=${secrets[0]}\nRELAY_B_KEY_3=${secrets[1]}\nRELAY_C_KEY=${secrets[2]}\nRELAY_D_KEY=${secrets[3]}\n`,
    )
    const loaded = await loadPinaiConfig({ file: workspace.file, env: {} })
    expect(loaded.config.providers.map((provider) => [provider.name, provider.keys])).toEqual([
      ['relay-a', ['sk-a']],
      ['relay-b', [secrets[0], secrets[1]]],
      ['relay-c', [secrets[2]]],
      ['relay-d', [secrets[3]]],
    ])
  })

  it('refuses to apply when the CSV changed after the plan', async () => {
    workspace = await createWorkspace(config, { 'relays.csv': csv })
    const csvFile = join(workspace.dir, 'relays.csv')
    const { plan } = await createPlan({
      file: workspace.file,
      import: { csv, file: csvFile, fetchModels: false },
      env,
      cwd: workspace.dir,
    })
    await writeFile(csvFile, `${csv}\n`)
    await expect(applyPlan(plan, { env })).rejects.toThrow(/relays\.csv changed since the plan was made/)
    expect(await readFile(workspace.file, 'utf8')).toBe(config)
  })

  it('without fetching, new providers come with an empty model list', async () => {
    workspace = await createWorkspace(config)
    const { plan, secrets: values } = await createPlan({
      file: workspace.file,
      import: { csv, fetchModels: false },
      env,
      cwd: workspace.dir,
    })
    expect(plan.env.every((addition) => addition.source.kind === 'memory')).toBe(true)
    expect(plan.diff).toContain('+      models: [],')
    await applyPlan(plan, { env, secrets: values })
    expect(await readFile(join(workspace.dir, '.env'), 'utf8')).toContain(`RELAY_B_KEY=${secrets[0]}`)
  })
})

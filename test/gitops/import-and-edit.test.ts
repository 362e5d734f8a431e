import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { runPinai } from '../helpers/pinai-process.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

let upstream: MockUpstream
const goodKey = 'sk-good-IMPORTKEY-1111'
const badKey = 'sk-revoked-IMPORTKEY-2222'

beforeAll(async () => {
  upstream = await startMockUpstream((request) =>
    request.headers.authorization === `Bearer ${goodKey}`
      ? { json: { object: 'list', data: [{ id: 'gpt-4o' }] } }
      : // Relays echo the key they refused, as some do.
        {
          status: 401,
          json: { error: { message: `Incorrect API key provided: ${request.headers.authorization?.slice(7)}` } },
        },
  )
})

afterAll(async () => {
  await upstream?.close()
})

const config = (url: string) => `import { defineConfig } from 'pinai'

export default defineConfig({
  providers: [
    { name: 'relay-a', protocol: 'openai', baseUrl: '${url}/a/v1', models: ['gpt-4o'] },
  ],
})
`

describe('pinai plan --import', () => {
  let workspace: Workspace
  afterAll(async () => workspace?.remove())

  it('adds an endpoint once whatever its name, and lists a key that answers 401 under Problems without showing it', async () => {
    workspace = await createWorkspace(config(upstream.url), {
      'relays.csv': [
        `openai,same-as-a,${upstream.url}/a/v1/,sk-whatever-IMPORTKEY-3333`,
        `openai,relay-b,${upstream.url}/b/v1,${goodKey},${badKey}`,
        `OpenAI,relay-b-again,${upstream.url.toUpperCase().replace('HTTP://', 'http://')}/b/v1,${goodKey}`,
      ].join('\n'),
    })
    const result = await runPinai(['plan', '--import', 'relays.csv'], { cwd: workspace.dir })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'same-as-a: relays.csv line 1: already in the config as "relay-a" (same protocol and base URL); not added again',
    )
    expect(result.stdout).toContain(
      'relay-b-again: relays.csv line 3: already on relays.csv line 2 as "relay-b" (same protocol and base URL); not added again',
    )
    expect(result.stdout).toMatch(/Problems:\n {2}provider relay-b key 2: model list: HTTP 401/)
    expect(result.stdout.match(/name: 'relay-b/g)).toHaveLength(1)
    expect(result.stdout + result.stderr).not.toMatch(/IMPORTKEY/)
  })
})

describe('pinai provider', () => {
  let workspace: Workspace
  afterAll(async () => workspace?.remove())

  it('enable, disable, set and add are plans, shown and applied like pinai apply, with its exit codes', async () => {
    workspace = await createWorkspace(config(upstream.url))
    const planOnly = await runPinai(['provider', 'disable', 'relay-a', '--plan-only'], { cwd: workspace.dir })
    expect(planOnly.code).toBe(2)
    expect(planOnly.stdout).toMatch(/^\+ +enabled: false,$/m)
    expect(planOnly.stdout).toContain('To apply: pinai apply')
    expect(await readFile(workspace.file, 'utf8')).not.toContain('enabled')

    const refused = await runPinai(['provider', 'set', 'relay-a', '--weight', '3', '--priority', '1'], {
      cwd: workspace.dir,
    })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('pass --auto-approve')

    const set = await runPinai(['provider', 'set', 'relay-a', '--weight', '3', '--priority', '1', '--auto-approve'], {
      cwd: workspace.dir,
    })
    expect(set.code).toBe(0)
    const weighted = await readFile(workspace.file, 'utf8')
    expect(weighted).toMatch(/^ +weight: 3,$/m)
    expect(weighted).toMatch(/^ +priority: 1,$/m)

    const disabled = await runPinai(['provider', 'disable', 'relay-a', '--auto-approve'], { cwd: workspace.dir })
    expect(disabled.code).toBe(0)
    const enabled = await runPinai(['provider', 'enable', 'relay-a', '--auto-approve'], { cwd: workspace.dir })
    expect(enabled.code).toBe(0)
    expect(await readFile(workspace.file, 'utf8')).not.toContain('enabled')

    const badWeight = await runPinai(['provider', 'set', 'relay-a', '--weight', 'lots'], { cwd: workspace.dir })
    expect(badWeight.code).toBe(1)
    expect(badWeight.stderr).toContain('--weight: "lots" is not a number ≥ 0')

    const unknown = await runPinai(['provider', 'disable', 'nobody', '--auto-approve'], { cwd: workspace.dir })
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toContain('no provider named "nobody"')

    const added = await runPinai(
      [
        'provider',
        'add',
        'relay-c',
        '--protocol',
        'openai',
        '--base-url',
        `${upstream.url}/c/v1`,
        '--key',
        goodKey,
        '--models',
        'gpt-4o,o3',
        '--auto-approve',
      ],
      {
        cwd: workspace.dir,
      },
    )
    expect(added.code).toBe(0)
    expect(added.stdout + added.stderr).not.toContain(goodKey)
    const written = await readFile(workspace.file, 'utf8')
    expect(written).toContain("keys: ['${RELAY_C_KEY}']")
    expect(written).toContain("models: ['gpt-4o', 'o3']")
    expect(await readFile(`${workspace.dir}/.env`, 'utf8')).toContain(`RELAY_C_KEY=${goodKey}`)
    const check = await runPinai(['check'], { cwd: workspace.dir })
    expect(check.code).toBe(0)
    expect(check.stdout).toContain('2 provider(s)')
  }, 90_000)
})

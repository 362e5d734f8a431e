import { readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder } from '../helpers/files-under.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { runPinai, startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'

/** Known secret values; none may appear anywhere pinai writes except `.env` and the config (where the user put them). */
const secrets = {
  relayKey: 'sk-scan-relay-key-4b1d9e77c2',
  importedKey: 'sk-scan-imported-key-90af31',
  clientToken: 'client-scan-token-5e2c81',
  adminToken: 'admin-scan-token-77aa01',
}

let upstream: MockUpstream
let pinai: PinaiProcess
let dir: string
const seen: string[] = []
const startedAt = Date.now()

beforeAll(async () => {
  // An upstream that echoes whatever key it was sent, in every answer: models, errors, streams.
  upstream = await startMockUpstream((request) => {
    const sent = String(request.headers.authorization ?? request.headers['x-api-key'] ?? '')
    if (request.method === 'GET')
      return {
        status: 401,
        json: { error: { message: `Incorrect API key provided: ${sent}`, type: 'invalid_request_error' } },
      }
    return {
      status: 401,
      json: {
        error: {
          message: `Incorrect API key provided: ${sent}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    }
  })
  dir = mkdtempSync(join(tmpdir(), 'pinai-scan-'))
  writeFileSync(
    join(dir, '.env'),
    `RELAY_KEY=${secrets.relayKey}\nAPI_TOKEN=${secrets.clientToken}\nADMIN_TOKEN=${secrets.adminToken}\n`,
  )
  writeFileSync(
    join(dir, 'pinai.config.ts'),
    `export default {
  auth: { tokens: ['\${API_TOKEN}'], adminToken: '\${ADMIN_TOKEN}' },
  storage: { url: 'sqlite:${join(dir, 'data', 'pinai.db')}', flushInterval: '100ms' },
  routing: { keepAliveInterval: 0 },
  providers: [
    { name: 'relay', protocol: 'openai', baseUrl: '${upstream.url}/v1', keys: ['\${RELAY_KEY}'], models: ['m'] },
    { name: 'relay-an', protocol: 'anthropic', baseUrl: '${upstream.url}', keys: ['\${RELAY_KEY}'], models: ['m'] },
  ],
}
`,
  )
  pinai = await startPinai(['--config', join(dir, 'pinai.config.ts')], { cwd: dir })
}, 30_000)

afterAll(async () => {
  await pinai?.stop()
  await upstream.close()
})

async function call(path: string, init: RequestInit = {}, token = secrets.clientToken): Promise<string> {
  const response = await fetch(`${pinai.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
  })
  const body = await response.text()
  seen.push(`${path} ${response.status} ${JSON.stringify([...response.headers])} ${body}`)
  return body
}

describe('a full run with known secrets', () => {
  it('leaves them out of every answer, log line, record, plan, diff and file', async () => {
    const chat = (stream: boolean) =>
      JSON.stringify({ model: 'm', stream, max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] })
    for (const stream of [false, true]) {
      await call('/openai/v1/chat/completions', { method: 'POST', body: chat(stream) })
      await call('/anthropic/v1/messages', { method: 'POST', body: chat(stream) })
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    for (const path of ['/api/health', '/api/config', '/api/config/status', '/api/stats/overview', '/api/stats/top'])
      await call(path, {}, secrets.adminToken)
    await call(
      '/api/config/models',
      { method: 'POST', body: JSON.stringify({ providers: ['relay'] }) },
      secrets.adminToken,
    )
    await call(
      '/api/config/plan',
      { method: 'POST', body: JSON.stringify({ sync: { providers: ['relay'] } }) },
      secrets.adminToken,
    )
    const logs = JSON.parse(await call('/api/logs?limit=20', {}, secrets.adminToken)) as {
      items: Array<{ id: string }>
    }
    expect(logs.items.length).toBe(4)
    for (const item of logs.items) await call(`/api/logs/${item.id}`, {}, secrets.adminToken)

    // The CLI: a CSV import planned and applied, a sync, and a check of a broken config.
    writeFileSync(
      join(dir, 'relays.csv'),
      `type,name,baseUrl,key\nopenai,imported,${upstream.url},${secrets.importedKey}\nbogus-type,bad,${upstream.url},${secrets.importedKey}\n`,
    )
    const cli = [
      await runPinai(
        [
          'plan',
          '--config',
          join(dir, 'pinai.config.ts'),
          '--import',
          join(dir, 'relays.csv'),
          '--out',
          join(dir, 'plan.json'),
        ],
        { cwd: dir },
      ),
      await runPinai(['apply', join(dir, 'plan.json'), '--config', join(dir, 'pinai.config.ts'), '--auto-approve'], {
        cwd: dir,
      }),
      await runPinai(['plan', '--config', join(dir, 'pinai.config.ts'), '--json'], { cwd: dir }),
    ]
    writeFileSync(
      join(dir, 'broken.config.ts'),
      `export default { auth: { tokens: ['${secrets.clientToken}'] }, providers: [{ name: 'x', protocol: 'nope', baseUrl: 'not a url', keys: ['${secrets.relayKey}'] }] }\n`,
    )
    cli.push(await runPinai(['check', '--config', join(dir, 'broken.config.ts')], { cwd: dir }))
    expect(cli[3]?.code).toBe(1)
    for (const run of cli) seen.push(run.stdout, run.stderr)
    seen.push(pinai.output())

    // Every file pinai wrote, except where the user keeps secrets (.env, the config files).
    const userFiles = new Set(['.env', 'pinai.config.ts', 'broken.config.ts', 'relays.csv'])
    const written = filesUnder(dir).filter((file) => !userFiles.has(file.slice(dir.length + 1)))
    expect(written.some((file) => file.includes('pinai.db'))).toBe(true)
    for (const file of written) seen.push(`${file}: ${readFileSync(file).toString('latin1')}`)
    // The config loader's transpile cache, if it keeps one, holds no literal secret either.
    for (const file of filesUnder(join(tmpdir(), 'jiti')).filter((path) => statSync(path).mtimeMs >= startedAt))
      seen.push(`${file}: ${readFileSync(file, 'utf8')}`)

    const leaks = seen.flatMap((text) =>
      Object.entries(secrets)
        .filter(([, value]) => text.includes(value))
        .map(([name]) => `${name} in ${text.slice(0, 160)}`),
    )
    expect(leaks).toEqual([])
    // The run did exercise the echoing upstream: its error reached the client, redacted.
    expect(
      seen.some(
        (text) =>
          text.includes('Incorrect API key provided: ***') || text.includes('Incorrect API key provided: Bearer ***'),
      ),
    ).toBe(true)
  }, 60_000)
})

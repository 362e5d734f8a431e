import { request as httpRequest } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startPinai } from '../helpers/pinai-process.ts'

const provider = {
  name: 'relay',
  protocol: 'openai',
  baseUrl: 'http://127.0.0.1:9/v1',
  keys: ['sk-relay-secret-key'],
  models: ['m'],
}

/** A raw HTTP call, so that Host and Origin can be anything a browser or an attacker sends. */
function raw(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  const target = new URL(url)
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const call = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: options.method ?? 'GET',
          path: options.path,
          headers: options.headers,
        },
        (response) => {
          let body = ''
          response.on('data', (chunk: Buffer) => (body += chunk.toString()))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
        },
      )
      call.on('error', reject)
      call.end(options.body)
    },
  )
}

describe('the admin API in no-auth mode', () => {
  let open: TestGateway

  beforeAll(async () => {
    open = await startGateway({ providers: [provider] })
  })

  afterAll(async () => {
    await open.close()
  })

  const plan = JSON.stringify({ edits: [] })

  it('takes a JSON write from this machine', async () => {
    const response = await raw(open.url, {
      method: 'POST',
      path: '/api/config/plan',
      headers: { 'content-type': 'application/json' },
      body: plan,
    })
    expect([403, 415]).not.toContain(response.status)
  })

  it('refuses a write from elsewhere (no socket on this machine), a text/plain write, a foreign Host and a foreign Origin', async () => {
    const remote = await open.gateway.fetch(
      new Request('http://localhost/api/config/plan', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: plan,
      }),
    )
    expect(remote.status).toBe(403)
    expect(await remote.json()).toMatchObject({ error: { code: 'loopback_only' } })
    const form = await raw(open.url, {
      method: 'POST',
      path: '/api/config/apply',
      headers: { 'content-type': 'text/plain' },
      body: plan,
    })
    expect(form.status).toBe(415)
    const rebound = await raw(open.url, { path: '/api/config', headers: { host: 'evil.example:3000' } })
    expect(rebound.status).toBe(403)
    expect(rebound.body).toMatch(/host_not_allowed/)
    const csrf = await raw(open.url, {
      method: 'POST',
      path: '/api/config/plan',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: plan,
    })
    expect(csrf.status).toBe(403)
    expect(csrf.body).toMatch(/origin_not_allowed/)
  })

  it('answers localhost and IP addresses, and its own origin', async () => {
    const port = new URL(open.url).port
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await raw(open.url, { path: '/api/health', headers: { host } })).status, host).toBe(200)
    }
    expect((await raw(open.url, { path: '/api/health', headers: { origin: open.url } })).status).toBe(200)
  })

  it('gives no web page the client API: no CORS headers without a token', async () => {
    const answer = await raw(open.url, { path: '/openai/v1/models', headers: { origin: 'https://evil.example' } })
    expect(answer.status).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await raw(open.url, {
      method: 'OPTIONS',
      path: '/openai/v1/chat/completions',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('CORS with tokens', () => {
  it('answers any origin by default, and only the listed ones when server.cors.origins says so', async () => {
    const any = await startGateway({ auth: { tokens: ['client-token-1'] }, providers: [provider] })
    const listed = await startGateway({
      auth: { tokens: ['client-token-1'] },
      server: { cors: { origins: ['https://app.example'] } },
      providers: [provider],
    })
    try {
      const headers = (origin: string) => ({ origin, authorization: 'Bearer client-token-1' })
      expect(
        (await raw(any.url, { path: '/openai/v1/models', headers: headers('https://x.example') })).headers[
          'access-control-allow-origin'
        ],
      ).toBe('*')
      expect(
        (await raw(listed.url, { path: '/openai/v1/models', headers: headers('https://app.example') })).headers[
          'access-control-allow-origin'
        ],
      ).toBe('https://app.example')
      expect(
        (await raw(listed.url, { path: '/openai/v1/models', headers: headers('https://x.example') })).headers[
          'access-control-allow-origin'
        ],
      ).toBeUndefined()
      // A dashboard on the listed origin may use the admin API; another page may not.
      expect(
        (await raw(listed.url, { path: '/api/health', headers: { ...headers('https://app.example') } })).status,
      ).toBe(200)
      expect(
        (await raw(listed.url, { path: '/api/health', headers: { ...headers('https://x.example') } })).status,
      ).toBe(403)
    } finally {
      await any.close()
      await listed.close()
    }
  })
})

describe('pinai serve without a token', () => {
  it('listens on this machine only unless told otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinai-open-'))
    writeFileSync(
      join(dir, 'pinai.config.ts'),
      `export default { storage: 'sqlite:${join(dir, 'pinai.db')}', providers: [] }\n`,
    )
    const pinai = await startPinai(['--config', join(dir, 'pinai.config.ts'), '--port', '0'], {
      cwd: dir,
      env: { HOST: '' },
    })
    try {
      expect(pinai.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(pinai.output()).toMatch(/NO-AUTH MODE.*this machine only/)
    } finally {
      await pinai.stop()
    }
  }, 30_000)
})

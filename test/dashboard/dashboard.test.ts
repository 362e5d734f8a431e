import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { diffLines } from 'diff'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture, sseFixture } from '../helpers/fixtures.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import { createWorkspace, type Workspace } from '../gitops/workspace.ts'

// The dashboard in a real Chromium against the real `pinai serve`: traffic through a local mock upstream,
// sign-in, the overview's figures against the admin API, a log row's failover chain and translation notes, a channel test, a
// model sync applied to the file on disk, both languages, both themes, a laptop and a phone.

const CHROMIUM = '/usr/bin/chromium'
const screenshots = join(import.meta.dirname, '..', '..', 'test-output', 'dashboard')
const ADMIN = 'dashboard-admin-token'
const CLIENT = 'dashboard-client-token'

const config = (upstream: string) => `export default {
  auth: { tokens: ['\${API_TOKEN}'], adminToken: '\${ADMIN_TOKEN}' },
  routing: { keepAliveInterval: 0 },
  rewrite: {
    tidy: ['lowercase', { kind: 'replace', from: '-', to: '_' }],
  },
  providers: [
    {
      name: 'flaky',
      protocol: 'openai',
      baseUrl: '${upstream}/flaky/v1',
      keys: ['\${FLAKY_KEY}'],
      priority: 0,
      models: ['gpt-4o'],
    },
    {
      name: 'solid',
      protocol: 'openai',
      baseUrl: '${upstream}/solid/v1',
      keys: ['\${SOLID_KEY}'],
      priority: 1,
      models: [
        'gpt-4o',
      ],
    },
  ],
}
`

let upstream: MockUpstream
let workspace: Workspace
let pinai: PinaiProcess
let browser: Browser
const problems: string[] = []
/** How long the mock upstream takes to answer a channel test (longer while "Test all" is to be stopped). */
let testDelayMs = 300

async function adminGet<T>(path: string): Promise<T> {
  const response = await fetch(`${pinai.url}/api/${path}`, { headers: { authorization: `Bearer ${ADMIN}` } })
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

async function chat(stream: boolean): Promise<number> {
  const response = await fetch(`${pinai.url}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CLIENT}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'hi' }] }),
  })
  await response.text()
  return response.status
}

/** A page that records console errors, failed loads and every request that leaves the gateway's origin. */
async function openPage(options: { width: number; height: number; dark?: boolean }): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    colorScheme: options.dark ? 'dark' : 'light',
    locale: 'en-US',
  })
  const page = await context.newPage()
  const origin = new URL(pinai.url).origin
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(origin) && !url.startsWith('data:')) problems.push(`request to another origin: ${url}`)
  })
  return page
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })
}

async function signIn(page: Page): Promise<void> {
  await page.goto(pinai.url)
  await page.getByLabel('Admin token').first().fill(ADMIN)
  await page.keyboard.press('Enter')
  await page.getByRole('navigation').waitFor()
}

// CI installs Chromium (.ci/run), so there a missing browser fails instead of skipping.
/** A loopback port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const chromiumSkip =
  existsSync(CHROMIUM) || process.env.CI ? undefined : `${CHROMIUM} is missing (apt-get install chromium)`

describe.skipIf(chromiumSkip)('the dashboard in Chromium', () => {
  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true })
    upstream = await startMockUpstream((request) => {
      const slow = (request.body as { max_tokens?: number } | undefined)?.max_tokens === 1 ? testDelayMs : 0
      if (request.path.startsWith('/flaky/'))
        return { status: 500, json: { error: { message: 'relay exploded', type: 'server_error' } }, delayMs: slow }
      if (request.method === 'GET' && request.path === '/solid/v1/models') {
        return {
          json: {
            object: 'list',
            data: ['gpt-4o', 'model-new-a', 'model-new-b'].map((id) => ({ id, object: 'model', owned_by: 'test' })),
          },
        }
      }
      const body = request.body as { stream?: boolean }
      // A channel test (one token) takes a moment, so "Test all" can be stopped halfway.
      if (slow) return { json: jsonFixture('passthrough/openai-chat.json'), delayMs: slow }
      return body.stream
        ? { sse: sseFixture('passthrough/openai-stream.sse'), delayMs: 2 }
        : { json: jsonFixture('passthrough/openai-chat.json') }
    })
    workspace = await createWorkspace(config(upstream.url))
    pinai = await startPinai(['--config', workspace.file], {
      cwd: workspace.dir,
      env: {
        ENABLE_WEB: 'true',
        ADMIN_TOKEN: ADMIN,
        API_TOKEN: CLIENT,
        FLAKY_KEY: 'sk-flaky-secret-0001',
        SOLID_KEY: 'sk-solid-secret-0002',
        DATABASE_URL: `sqlite:${join(workspace.dir, 'pinai.db')}`,
      },
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    for (let index = 0; index < 6; index++) expect(await chat(index % 2 === 0)).toBe(200)
    // The newest request: Anthropic Messages with top_k, which an OpenAI chat upstream cannot take (a note).
    const messages = await fetch(`${pinai.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': CLIENT, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', max_tokens: 16, top_k: 5, messages: [{ role: 'user', content: 'hi' }] }),
    })
    await messages.text()
    expect(messages.status).toBe(200)
    // The recorder writes in the background: wait until the admin API counts every request.
    for (let tries = 0; tries < 100; tries++) {
      if ((await adminGet<{ requests: number }>('stats/overview')).requests === 7) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await pinai?.stop()
    await upstream?.close()
    await workspace?.remove()
  })

  it('serves the app with a strict CSP, long-cached assets, client routes and no path escape', async () => {
    const index = await fetch(`${pinai.url}/logs`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toContain('text/html')
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'")
    const script = /src="(\/main-[A-Z0-9]+\.js)"/.exec(await index.text())?.[1]
    expect(script).toBeDefined()
    const asset = await fetch(`${pinai.url}${script}`)
    expect(asset.headers.get('content-type')).toContain('text/javascript')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${pinai.url}/..%2f..%2fpackage.json`)).status).toBe(404)
    expect((await fetch(`${pinai.url}/.complete`)).status).toBe(404)
    expect((await fetch(`${pinai.url}/missing.js`)).status).toBe(404)
    // The APIs keep their own answers.
    expect((await fetch(`${pinai.url}/openai/v1/nothing`)).status).toBe(404)
  })

  it('signs in, shows the admin API’s figures, a log row’s attempts, and tests a channel', async () => {
    const page = await openPage({ width: 1280, height: 800 })
    await page.goto(pinai.url)
    // Another server that does not answer (a port just freed), through the server dialog.
    const closed = await freePort()
    await page.getByRole('button', { name: 'Another server…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect to another pinai' })
    await dialog.getByLabel('Server address').fill(`http://127.0.0.1:${closed}`)
    await dialog.getByLabel('Admin token').fill(ADMIN)
    await dialog.getByRole('button', { name: 'Connect' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Cannot reach the server')
    await shoot(page, 'login-unreachable')
    // The browser logs the refused connection and the test's own check notes the other origin: both on purpose.
    expect(
      problems
        .splice(0)
        .filter((problem) => !problem.includes(`127.0.0.1:${closed}`) && !problem.includes('ERR_CONNECTION_REFUSED')),
    ).toEqual([])
    await page.getByRole('button', { name: 'Another server…' }).click()
    await dialog.getByLabel('Server address').fill('')
    await dialog.getByLabel('Admin token').fill('wrong-token')
    await dialog.getByRole('button', { name: 'Connect' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Wrong admin token')
    await shoot(page, 'login-wrong-token')
    // The refused token's 401 is the one error this test causes on purpose.
    expect(problems.splice(0)).toEqual([
      'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ])
    await page.getByLabel('Admin token').first().fill(ADMIN)
    await page.keyboard.press('Enter')
    await page.getByRole('navigation').waitFor()

    const overview = await adminGet<{ requests: number; successRate: number; avgTtftMs: number }>('stats/overview')
    const tile = (id: string) => page.locator(`[data-testid="${id}"] .value`)
    await expect.poll(() => tile('requests').textContent()).toBe(String(overview.requests))
    expect(await tile('success-rate').textContent()).toBe(
      new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(overview.successRate),
    )
    expect(await tile('avg-ttft').textContent()).toBe(
      new Intl.NumberFormat('en', { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(
        overview.avgTtftMs,
      ),
    )
    const top = await adminGet<Record<string, { name: string; requests: number; tokens: number }[]>>('stats/top')
    for (const [list, figure] of [
      ['modelsByCalls', 'requests'],
      ['providersByCalls', 'requests'],
      ['modelsByTokens', 'tokens'],
      ['providersByTokens', 'tokens'],
    ] as const) {
      const testId = `top-${list.startsWith('models') ? 'models' : 'providers'}-${figure === 'requests' ? 'calls' : 'tokens'}`
      const shown = await page.locator(`[data-testid="${testId}"] li`).allTextContents()
      expect(shown).toEqual((top[list] ?? []).map((entry) => `${entry.name}${entry[figure]}`))
    }
    // Live figures move with time: the tile follows the API within one refresh.
    await expect
      .poll(
        async () => (await tile('rpm').textContent()) === String((await adminGet<{ rpm: number }>('stats/live')).rpm),
        { timeout: 10_000 },
      )
      .toBe(true)
    await page.locator('pinai-chart canvas').first().waitFor()
    await shoot(page, 'overview-light-1280')

    await page.getByRole('button', { name: 'Last 7d' }).click()
    const week = await adminGet<{ requests: number; promptTokens: number }>('stats/overview?range=7d')
    await expect.poll(() => page.getByRole('button', { name: 'Last 7d' }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => tile('requests').textContent()).toBe(String(week.requests))
    expect(await tile('prompt-tokens').textContent()).toBe(String(week.promptTokens))

    await page.getByRole('link', { name: 'Logs' }).click()
    await page.getByLabel('Result').selectOption('false')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.getByText('No request matches').waitFor()
    await page.getByLabel('Result').selectOption('')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    const failover = page.locator('tbody tr', { has: page.locator('.badge', { hasText: '×2' }) }).first()
    await failover.getByRole('button').click()
    const attempts = page.locator('[data-testid="attempts"] tbody tr')
    await expect.poll(() => attempts.count()).toBe(2)
    expect(await attempts.nth(0).textContent()).toContain('flaky')
    expect(await attempts.nth(1).textContent()).toContain('solid')
    await shoot(page, 'log-detail-1280')
    await page.keyboard.press('Escape')
    // The Anthropic request's detail says what its translation to OpenAI chat dropped.
    const { items } = await adminGet<{ items: { id: string; inbound: string }[] }>('logs')
    const translated = items.find((item) => item.inbound === 'anthropic')
    await page.locator(`tbody tr[data-id="${translated?.id}"]`).getByRole('button').click()
    const detail = page.locator('dialog')
    await detail.getByRole('heading', { name: 'Dropped in translation' }).waitFor()
    expect(await detail.textContent()).toContain('(anthropic)')
    expect(await detail.textContent()).toContain('top_k')
    await shoot(page, 'log-detail-notes-1280')
    await page.keyboard.press('Escape')
    await shoot(page, 'logs-1280')

    await page.getByRole('link', { name: 'Providers' }).click()
    const seen = upstream.requests.length
    await page.getByRole('button', { name: 'Test gpt-4o with key 1 of solid' }).click()
    const result = page.locator('[data-provider="solid"] [data-testid="test-result"]')
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('✓ 200')
    expect(upstream.requests.slice(seen).map((request) => request.path)).toEqual(['/solid/v1/chat/completions'])
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer sk-solid-secret-0002')
    await page.getByRole('button', { name: 'Test gpt-4o with key 1 of flaky' }).click()
    await expect
      .poll(() => page.locator('[data-provider="flaky"] [data-testid="test-result"]').textContent())
      .toContain('✗ 500')
    expect(await page.content()).not.toContain('sk-solid-secret')
    // Test all, stopped after the first channel: the second is never sent.
    const testsBefore = upstream.requests.length
    testDelayMs = 2000
    await page.getByRole('button', { name: 'Test all' }).click()
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.getByRole('button', { name: 'Test all' }).waitFor()
    expect(upstream.requests.length - testsBefore).toBe(1)
    testDelayMs = 300
    await shoot(page, 'providers-1280')

    // An edit becomes a reviewed patch: the weight of one provider, shown as a diff, then written.
    await page.locator('[data-provider="solid"]').getByLabel('Weight').fill('3')
    await page.locator('[data-provider="solid"]').getByLabel('Weight').press('Tab')
    await page.getByRole('button', { name: 'Review changes' }).click()
    await page.getByRole('region', { name: 'Diff of the config file' }).getByText('weight: 3').waitFor()
    await shoot(page, 'providers-review-1280')
    await page.getByRole('button', { name: 'Apply to the config file' }).click()
    await page.getByText('The gateway reloaded it.').waitFor()
    expect(await readFile(workspace.file, 'utf8')).toMatch(/name: 'solid',[\s\S]*weight: 3,/)
    expect(problems).toEqual([])
    await page.context().close()
  }, 60_000)

  it('syncs one new model into the config file, which the gateway then serves', async () => {
    const page = await openPage({ width: 1280, height: 800 })
    await signIn(page)
    const before = await readFile(workspace.file, 'utf8')
    await page.getByRole('link', { name: 'Model sync' }).click()
    await page.getByRole('checkbox', { name: 'solid' }).check()
    await page.getByRole('button', { name: 'Fetch model lists' }).click()
    const findings = page.locator('[data-provider="solid"]')
    await findings.getByText('model-new-b').waitFor()
    await findings.getByRole('checkbox', { name: /model-new-b/ }).uncheck()
    await shoot(page, 'sync-findings-1280')
    await page.getByRole('button', { name: 'Review the ticked changes' }).click()
    await page.getByRole('region', { name: 'Diff of the config file' }).waitFor()
    await page.getByRole('button', { name: 'Apply to the config file' }).click()
    await page.getByText('The gateway reloaded it.').waitFor()
    await shoot(page, 'sync-applied-1280')

    const after = await readFile(workspace.file, 'utf8')
    const changes = diffLines(before, after).filter((change) => change.added || change.removed)
    expect(changes).toHaveLength(1)
    expect(changes[0]?.added).toBe(true)
    expect(changes[0]?.count).toBe(1)
    expect(changes[0]?.value).toContain("'model-new-a'")
    expect(after).not.toContain('model-new-b')

    const models = await fetch(`${pinai.url}/openai/v1/models`, { headers: { authorization: `Bearer ${CLIENT}` } })
    expect(((await models.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toContain('model-new-a')

    // A broken edit on disk is refused by the gateway, and every page says so until it is fixed.
    const lastError = async () => (await adminGet<{ lastError: unknown }>('config/status')).lastError
    await writeFile(workspace.file, after.replace('priority: 1,', "priority: 'high',"))
    await expect.poll(lastError, { timeout: 10_000 }).not.toBeNull()
    await page.reload()
    await page.getByText('The config file failed to reload').waitFor()
    await shoot(page, 'reload-failed-banner-1280')
    await writeFile(workspace.file, after)
    await expect.poll(lastError, { timeout: 10_000 }).toBeNull()
    expect(problems).toEqual([])
    await page.context().close()
  }, 60_000)

  it('speaks 简体中文 and back, remembers it, and fits dark and phone screens', async () => {
    const page = await openPage({ width: 1280, height: 800, dark: true })
    await signIn(page)
    await page.getByLabel('Language').selectOption('zh-Hans')
    await page.getByRole('link', { name: '概览' }).waitFor()
    await page.reload()
    await page.getByRole('link', { name: '日志' }).waitFor()
    await page.locator('pinai-chart canvas').first().waitFor()
    await shoot(page, 'overview-dark-zh-1280')
    await page.getByRole('link', { name: '重命名规则' }).click()
    await page.getByRole('heading', { name: '重命名规则' }).waitFor()
    await page.getByRole('cell', { name: 'model_new_a' }).waitFor()
    // Keyboard reorder: the first step's handle, arrow down, and the replace rule runs first.
    await page.getByRole('button', { name: '第 1 步：用方向键移动' }).focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.locator('li.step .summary').first().textContent()).toContain('replace')
    await shoot(page, 'rename-dark-zh-1280')
    await page.getByRole('link', { name: '导入' }).click()
    await page.getByRole('heading', { name: '导入' }).waitFor()
    await shoot(page, 'import-dark-zh-1280')
    await page.getByLabel('语言').selectOption('en')
    await page.getByRole('link', { name: 'Overview' }).waitFor()

    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.locator('pinai-chart canvas').first().waitFor()
    await shoot(page, 'overview-dark-390')
    const light = await openPage({ width: 390, height: 844 })
    await signIn(light)
    await shoot(light, 'overview-light-390')
    await light.getByRole('link', { name: 'Providers' }).click()
    await light.locator('[data-provider="solid"]').waitFor()
    await shoot(light, 'providers-light-390')
    await light.getByRole('link', { name: 'Logs' }).click()
    await light.locator('tbody tr').first().waitFor()
    await shoot(light, 'logs-light-390')
    const width = await light.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    expect(problems).toEqual([])
    await page.context().close()
    await light.context().close()
  }, 60_000)
})

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { ApiClient } from '../api/api-client.ts'
import { ApiError } from '../api/api-error.ts'
import type { PlanResponse } from '../api/types.ts'
import './pinai-plan-review.ts'

const plan: PlanResponse = {
  planId: 'plan-1',
  expiresAt: Date.now() + 60_000,
  changed: true,
  diff: "--- pinai.config.ts\n+++ pinai.config.ts\n@@ -1,2 +1,3 @@\n models: [\n+  'new-model',\n ]",
  providers: [],
  problems: [{ where: 'relays.csv line 4', message: 'unknown type' }],
  summary: '',
  env: ['RELAY_B_KEY'],
}

/** An admin API whose apply answers as given. */
function api(apply: () => Promise<unknown>): ApiClient {
  return {
    post: (path: string) => (path === 'config/apply' ? apply() : Promise.reject(new Error(path))),
  } as unknown as ApiClient
}

async function mount(client: ApiClient) {
  const element = document.createElement('pinai-plan-review')
  element.api = client
  element.plan = plan
  document.body.append(element)
  await element.updateComplete
  return element
}

const text = (element: HTMLElement) => element.shadowRoot?.textContent ?? ''

describe('<pinai-plan-review>', () => {
  it('shows the problems, the diff with its added line marked, and the new .env names', async () => {
    const element = await mount(api(() => Promise.resolve({})))
    expect(text(element)).toContain('relays.csv line 4')
    expect(element.shadowRoot?.querySelector('.diff .add')?.textContent).toBe("+  'new-model',")
    expect(text(element)).toContain('RELAY_B_KEY')
  })

  it('applies on confirm and tells the page', async () => {
    const element = await mount(
      api(() =>
        Promise.resolve({
          applied: true,
          file: '/cfg/pinai.config.ts',
          diff: '',
          envAdded: ['RELAY_B_KEY'],
          reloaded: true,
        }),
      ),
    )
    const applied = new Promise<CustomEvent>((resolve) =>
      element.addEventListener('pinai-applied', (event) => resolve(event as CustomEvent)),
    )
    element.shadowRoot?.querySelector<HTMLButtonElement>('button.primary')?.click()
    expect((await applied).detail.file).toBe('/cfg/pinai.config.ts')
    await element.updateComplete
    expect(text(element)).toContain('The gateway reloaded it.')
    expect(element.shadowRoot?.querySelector('button.primary')).toBeNull()
  })

  it('offers the patch and the variable names when the file is read-only', async () => {
    const body = {
      error: {
        code: 'config_read_only',
        message: 'read-only',
        details: { patch: '--- a\n+++ b\n+x', env: ['RELAY_B_KEY'] },
      },
    }
    const element = await mount(
      api(() => Promise.reject(new ApiError('http', 409, 'read-only', 'config_read_only', body))),
    )
    element.shadowRoot?.querySelector<HTMLButtonElement>('button.primary')?.click()
    await new Promise((resolve) => setTimeout(resolve, 0))
    await element.updateComplete
    expect(element.shadowRoot?.querySelector('textarea')?.value).toBe('--- a\n+++ b\n+x')
    expect(text(element)).toContain('The config file is read-only here.')
    expect(text(element)).toContain('RELAY_B_KEY')
  })
})

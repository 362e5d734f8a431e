import { Router } from '@lit-labs/router'
import { html, LitElement, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { ApiClient } from '../api/api-client.ts'
import { ApiError } from '../api/api-error.ts'
import { clearConnection, loadConnection, saveConnection, type Connection } from '../api/connection.ts'
import type { ConfigStatus, HealthView } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { PollController } from '../controllers/poll-controller.ts'
import { formatDateTime } from '../i18n/format.ts'
import { currentLocale, locales, setLocale, type Locale } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { appStyles } from './pinai-app.styles.ts'
import '../pinai-import/pinai-import.ts'
import '../pinai-login/pinai-login.ts'
import '../pinai-logs/pinai-logs.ts'
import '../pinai-overview/pinai-overview.ts'
import '../pinai-providers/pinai-providers.ts'
import '../pinai-rename/pinai-rename.ts'
import '../pinai-sync/pinai-sync.ts'
import type { LoginEvent } from '../pinai-login/pinai-login.ts'

const pages = [
  { path: '/', label: 'Overview' },
  { path: '/providers', label: 'Providers' },
  { path: '/sync', label: 'Model sync' },
  { path: '/import', label: 'Import' },
  { path: '/rename', label: 'Rename rules' },
  { path: '/logs', label: 'Logs' },
] as const

/** Why the last connection attempt failed, shown on the login page. */
function describeFailure(error: unknown): string {
  if (error instanceof ApiError && error.kind === 'unauthorized')
    return t('Wrong admin token: the server refused it ({message}).', { message: error.message })
  if (error instanceof ApiError && error.kind === 'unreachable')
    return t('Cannot reach the server: {message}. Is pinai running, and does it allow this origin (CORS)?', {
      message: error.message,
    })
  return t('The server answered with an error: {message}', { message: (error as Error).message })
}

/** The dashboard: signs in to a pinai's admin API, then shows its pages under one navigation. */
@customElement('pinai-app')
export class PinaiApp extends LitElement {
  static override styles = [sharedStyles, appStyles]

  @state() accessor api: ApiClient | undefined
  @state() accessor phase: 'checking' | 'login' | 'ready' = 'checking'
  @state() accessor failure = ''
  @state() accessor status: ConfigStatus | undefined
  @state() accessor open = false

  private readonly router = new Router(this, [
    { path: '/', render: () => html`<pinai-overview .api=${this.api}></pinai-overview>` },
    { path: '/providers', render: () => html`<pinai-providers .api=${this.api}></pinai-providers>` },
    { path: '/sync', render: () => html`<pinai-sync .api=${this.api}></pinai-sync>` },
    { path: '/import', render: () => html`<pinai-import .api=${this.api}></pinai-import>` },
    { path: '/rename', render: () => html`<pinai-rename .api=${this.api}></pinai-rename>` },
    { path: '/logs', render: () => html`<pinai-logs .api=${this.api}></pinai-logs>` },
    {
      path: '/*',
      render: () => html`<p class="empty">${t('No such page.')} <a href="/">${t('Go to the overview')}</a></p>`,
    },
  ])

  constructor() {
    super()
    new LocaleController(this)
    // The config's reload state: a refused reload shows as a banner on every page.
    new PollController(this, 10_000, () => this.refreshStatus())
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Without a kept connection the first visit asks for the token: a probe would only be refused.
    const saved = loadConnection()
    if (saved) void this.connect(saved)
    else this.phase = 'login'
  }

  private async connect(connection: Connection): Promise<void> {
    this.phase = 'checking'
    const api = new ApiClient(connection)
    try {
      this.status = await api.get<ConfigStatus>('config/status')
      const health = await api.get<HealthView>('health')
      this.open = health.open
      this.api = api
      this.failure = ''
      this.phase = 'ready'
      saveConnection(connection)
    } catch (error) {
      this.failure = describeFailure(error)
      this.phase = 'login'
    }
  }

  private async refreshStatus(): Promise<void> {
    if (!this.api || this.phase !== 'ready') return
    try {
      this.status = await this.api.get<ConfigStatus>('config/status')
    } catch {
      // The page's own calls say what is wrong; the banner keeps its last state.
    }
  }

  private signOut(): void {
    clearConnection()
    this.api = undefined
    this.phase = 'login'
    this.failure = ''
  }

  private renderBanner() {
    const error = this.status?.lastError
    const banners = []
    if (error) {
      const message = typeof error === 'string' ? error : error.message
      const at = typeof error === 'object' && error.at ? formatDateTime(error.at) : ''
      banners.push(html`<div class="banner error" role="alert">
        <strong>${t('The config file failed to reload')}</strong> ${at ? html`<span class="muted">(${at})</span>` : nothing}: <span class="mono">${message}</span>
        <div class="small muted">${t('The previous config keeps serving until the file is fixed.')}</div>
      </div>`)
    }
    if (this.open) {
      banners.push(
        html`<div class="banner warn" role="status">${t('No-auth mode: no token is configured, so anyone who reaches this port can use your upstream keys. Set ADMIN_TOKEN and API_TOKEN.')}</div>`,
      )
    }
    return banners
  }

  override render() {
    const path = location.pathname
    return html`<header>
        <div class="bar">
          <a class="brand" href="/"><img src="/favicon.svg" alt="" />pinai</a>
          ${
            this.phase === 'ready'
              ? html`<nav aria-label=${t('Pages')}>
                ${pages.map((page) => html`<a href=${page.path} aria-current=${(page.path === '/' ? path === '/' : path.startsWith(page.path)) ? 'page' : 'false'}>${t(page.label)}</a>`)}
              </nav>`
              : nothing
          }
          <div class="tools">
            <label><span class="visually-hidden">${t('Language')}</span>
              <select aria-label=${t('Language')} @change=${(event: Event) => setLocale((event.target as HTMLSelectElement).value as Locale)}>
                ${locales.map((locale) => html`<option value=${locale.id} ?selected=${locale.id === currentLocale()}>${locale.label}</option>`)}
              </select>
            </label>
            ${
              this.phase === 'ready'
                ? html`<span class="small muted" title=${this.api?.connection.baseUrl || location.origin}>${this.api?.connection.baseUrl ? new URL(this.api.connection.baseUrl).host : ''}</span>
                  <button class="small" @click=${this.signOut}>${t('Sign out')}</button>`
                : nothing
            }
          </div>
        </div>
      </header>
      <main>
        ${this.phase === 'checking' ? html`<p class="muted" role="status">${t('Connecting…')}</p>` : nothing}
        ${
          this.phase === 'login'
            ? html`<pinai-login .failure=${this.failure} @pinai-login=${(event: LoginEvent) => void this.connect(event.detail)}></pinai-login>`
            : nothing
        }
        ${this.phase === 'ready' ? html`${this.renderBanner()}${this.router.outlet()}` : nothing}
      </main>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-app': PinaiApp
  }
}

import { html, LitElement, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { loadConnection, type Connection } from '../api/connection.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { t } from '../i18n/translate.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { loginStyles } from './pinai-login.styles.ts'

/** Fired with the connection to try when the user signs in. */
export type LoginEvent = CustomEvent<Connection>

/** Normalizes what the user typed as a server address to its origin (`http://host:3000`). */
export function serverOrigin(input: string): string {
  const trimmed = input.trim()
  if (!trimmed) return ''
  const url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`)
  return url.origin === location.origin ? '' : url.origin
}

/** Sign-in: the admin token for this pinai, or another pinai's address and token (server dialog). */
@customElement('pinai-login')
export class PinaiLogin extends LitElement {
  static override styles = [sharedStyles, loginStyles]

  /** Why the last attempt failed (wrong token, unreachable server), shown above the form. */
  @property() accessor failure = ''
  @state() accessor baseUrl = loadConnection()?.baseUrl ?? ''
  @state() accessor dialogError = ''
  @query('dialog') accessor dialog!: HTMLDialogElement

  constructor() {
    super()
    new LocaleController(this)
  }

  private emit(connection: Connection): void {
    this.dispatchEvent(
      new CustomEvent('pinai-login', { detail: connection, bubbles: true, composed: true }) satisfies LoginEvent,
    )
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    this.emit({ baseUrl: this.baseUrl, token: String(data.get('token') ?? '').trim() })
  }

  private submitServer(event: SubmitEvent): void {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    let origin: string
    try {
      origin = serverOrigin(String(data.get('url') ?? ''))
    } catch {
      this.dialogError = t('That is not a valid address.')
      return
    }
    this.dialogError = ''
    this.baseUrl = origin
    this.dialog.close()
    this.emit({ baseUrl: origin, token: String(data.get('token') ?? '').trim() })
  }

  override render() {
    return html`<section class="card login" aria-labelledby="login-title">
        <h1 id="login-title">${t('Sign in to pinai')}</h1>
        <p class="muted">${t('Enter the admin token (ADMIN_TOKEN, or API_TOKEN when no admin token is set). It is kept in this browser only. Leave it empty when pinai runs without tokens (then only this machine may use the admin API).')}</p>
        ${this.failure ? html`<p class="failure" role="alert">${this.failure}</p>` : nothing}
        <p class="small">${t('Server')}: <span class="mono">${this.baseUrl || location.origin}</span></p>
        <form @submit=${this.submit}>
          <input type="text" name="username" autocomplete="username" value="admin" hidden />
          <label class="stacked">${t('Admin token')}
            <input type="password" name="token" autocomplete="current-password" />
          </label>
          <div class="spread">
            <button type="submit" class="primary">${t('Sign in')}</button>
            <button type="button" @click=${() => this.dialog.showModal()}>${t('Another server…')}</button>
          </div>
        </form>
      </section>
      <dialog aria-labelledby="server-title">
        <form @submit=${this.submitServer}>
          <h2 id="server-title">${t('Connect to another pinai')}</h2>
          <label class="stacked">${t('Server address')}
            <input name="url" type="url" placeholder="http://192.168.1.20:3000" .value=${this.baseUrl} />
          </label>
          <label class="stacked">${t('Admin token')}
            <input type="password" name="token" autocomplete="off" />
          </label>
          <p class="small muted">${t('That pinai must allow this page’s origin ({origin}) in its CORS setting, or the browser blocks every call. Leave the address empty for the pinai that served this page.', { origin: location.origin })}</p>
          ${this.dialogError ? html`<p class="failure" role="alert">${this.dialogError}</p>` : nothing}
          <div class="spread">
            <button type="button" @click=${() => this.dialog.close()}>${t('Cancel')}</button>
            <button type="submit" class="primary">${t('Connect')}</button>
          </div>
        </form>
      </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-login': PinaiLogin
  }
  interface HTMLElementEventMap {
    'pinai-login': LoginEvent
  }
}

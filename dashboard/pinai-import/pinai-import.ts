import { html, LitElement, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import type { PlanResponse } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { t } from '../i18n/translate.ts'
import '../pinai-plan-review/pinai-plan-review.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { importStyles } from './pinai-import.styles.ts'

/** The largest CSV the page reads from a file (the plan API takes up to 4 MiB). */
const MAX_CSV_BYTES = 2 * 1024 * 1024

/** Import: providers from CSV (`type,name,baseUrl,key[,key…]`), planned as a diff, then applied. */
@customElement('pinai-import')
export class PinaiImport extends LitElement {
  static override styles = [sharedStyles, importStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @state() accessor csv = ''
  @state() accessor fetchModels = true
  @state() accessor busy = false
  @state() accessor error = ''
  @state() accessor plan: PlanResponse | undefined

  constructor() {
    super()
    new LocaleController(this)
  }

  private async readFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0]
    if (!file) return
    if (file.size > MAX_CSV_BYTES) {
      this.error = t('That file is too large for an import ({size} bytes).', { size: file.size })
      return
    }
    this.csv = await file.text()
  }

  private async makePlan(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (!this.api || !this.csv.trim()) return
    this.busy = true
    this.error = ''
    this.plan = undefined
    try {
      this.plan = await this.api.post<PlanResponse>('config/plan', {
        import: { csv: this.csv, fetchModels: this.fetchModels },
      })
    } catch (error) {
      this.error = (error as Error).message
    } finally {
      this.busy = false
    }
  }

  override render() {
    return html`<h1>${t('Import')}</h1>
      <section class="card">
        <p class="muted">${t('One provider per line: type,name,baseUrl,key[,key…] (type is openai, anthropic or gemini). Keys go to .env; the config gets ${NAME} references.')}</p>
        <form @submit=${this.makePlan}>
          <label class="stacked">${t('CSV')}
            <textarea name="csv" spellcheck="false" placeholder="openai,relay-a,https://relay-a.example.com/v1,sk-…" .value=${this.csv}
              @input=${(event: Event) => (this.csv = (event.target as HTMLTextAreaElement).value)}></textarea>
          </label>
          <div class="options">
            <label>${t('Or upload a file')} <input type="file" accept=".csv,text/csv,text/plain" @change=${this.readFile} /></label>
            <label><input type="checkbox" .checked=${this.fetchModels} @change=${(event: Event) => (this.fetchModels = (event.target as HTMLInputElement).checked)} /> ${t('Fetch each provider’s models')}</label>
          </div>
          <button type="submit" class="primary" ?disabled=${this.busy || !this.csv.trim()}>${this.busy ? t('Planning…') : t('Plan the import')}</button>
        </form>
      </section>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.plan?.providers.length
          ? html`<section class="card"><h2>${t('Providers in the CSV')}</h2><ul>
            ${this.plan.providers.map(
              (
                provider,
              ) => html`<li><strong>${provider.provider}</strong>: ${provider.action === 'unchanged-import' ? t('already in the config') : t('{count} models', { count: provider.added.length })}
              ${provider.error ? html`<span class="error small"> — ${provider.error}</span>` : nothing}</li>`,
            )}
          </ul></section>`
          : nothing
      }
      <pinai-plan-review .api=${this.api} .plan=${this.plan} @pinai-discard=${() => (this.plan = undefined)}></pinai-plan-review>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-import': PinaiImport
  }
}

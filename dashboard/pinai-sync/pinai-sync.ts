import { Task } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import type { ApplyResponse, ConfigView, PlanResponse, ProviderPlan } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { t } from '../i18n/translate.ts'
import '../pinai-plan-review/pinai-plan-review.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { syncStyles } from './pinai-sync.styles.ts'
import { choiceKey, defaultChoice, syncEdits } from './sync-edits.ts'

/** Model sync: fetch providers' upstream lists, tick what to take, review the diff, apply. */
@customElement('pinai-sync')
export class PinaiSync extends LitElement {
  static override styles = [sharedStyles, syncStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @state() accessor picked = new Set<string>()
  @state() accessor rename = false
  @state() accessor autoApprove = false
  @state() accessor busy = ''
  @state() accessor error = ''
  @state() accessor findings: ProviderPlan[] | undefined
  @state() accessor problems: PlanResponse['problems'] = []
  @state() accessor chosen = new Set<string>()
  @state() accessor plan: PlanResponse | undefined
  @state() accessor autoApplied: ApplyResponse | undefined

  private readonly config = new Task(this, {
    task: async ([api], { signal }) => {
      if (!api) throw new Error('not connected')
      const view = await api.get<ConfigView>('config', {}, signal)
      return (view.config.providers ?? []).map((provider) => provider.name)
    },
    args: () => [this.api] as const,
  })

  constructor() {
    super()
    new LocaleController(this)
  }

  private toggle(set: Set<string>, key: string, on: boolean): Set<string> {
    const next = new Set(set)
    if (on) next.add(key)
    else next.delete(key)
    return next
  }

  private async fetchLists(all: string[]): Promise<void> {
    if (!this.api) return
    const providers = this.picked.size === 0 || this.picked.size === all.length ? 'all' : [...this.picked]
    this.busy = t('Fetching the upstream model lists…')
    this.error = ''
    this.plan = undefined
    this.autoApplied = undefined
    try {
      const found = await this.api.post<PlanResponse>('config/plan', { sync: { providers }, rename: this.rename })
      this.findings = found.providers
      this.problems = found.problems
      this.chosen = defaultChoice(found.providers)
      if (this.autoApprove) await this.planChosen(true)
    } catch (error) {
      this.error = (error as Error).message
    } finally {
      this.busy = ''
    }
  }

  private async planChosen(applyAtOnce = false): Promise<void> {
    if (!this.api || !this.findings) return
    const edits = syncEdits(this.findings, this.chosen)
    if (edits.length === 0) {
      this.error = t('Nothing is ticked.')
      return
    }
    this.busy = t('Planning…')
    this.error = ''
    try {
      const plan = await this.api.post<PlanResponse>('config/plan', { edits })
      if (applyAtOnce && plan.changed) {
        this.autoApplied = await this.api.post<ApplyResponse>('config/apply', { planId: plan.planId })
        this.findings = undefined
      } else {
        this.plan = plan
      }
    } catch (error) {
      this.error = (error as Error).message
    } finally {
      this.busy = ''
    }
  }

  private renderFinding(provider: string, kind: 'add' | 'remove' | 'rename', id: string, label: unknown) {
    const key = choiceKey(provider, kind, id)
    return html`<li><label class="finding-${kind}"><input type="checkbox" .checked=${this.chosen.has(key)} @change=${(event: Event) => (this.chosen = this.toggle(this.chosen, key, (event.target as HTMLInputElement).checked))} />
      ${label}</label></li>`
  }

  private renderFindings() {
    const findings = this.findings
    if (!findings) return nothing
    const anything = findings.some((plan) => plan.added.length || plan.removed.length || plan.renamed.length)
    return html`<section class="card" aria-label=${t('What changed upstream')}>
      <h2>${t('What changed upstream')}</h2>
      ${this.problems.map((problem) => html`<p class="warn small"><span class="mono">${problem.where}</span>: ${problem.message}</p>`)}
      ${findings.map(
        (plan) => html`<div data-provider=${plan.provider}>
          <h3>${plan.provider}</h3>
          ${plan.error ? html`<p class="error small">${plan.error}</p>` : nothing}
          ${
            plan.added.length || plan.removed.length || plan.renamed.length
              ? html`<ul>
                ${plan.added.map((model) => this.renderFinding(plan.provider, 'add', model.id, html`+ <span class="mono">${model.id}</span>${model.name !== model.id ? html` → <span class="mono">${model.name}</span>` : nothing}`))}
                ${plan.removed.map((id) => this.renderFinding(plan.provider, 'remove', id, html`− <span class="mono">${id}</span> <span class="small muted">${t('(gone upstream)')}</span>`))}
                ${plan.renamed.map((rename) => this.renderFinding(plan.provider, 'rename', rename.id, html`<span class="mono">${rename.from}</span> → <span class="mono">${rename.to}</span>`))}
              </ul>`
              : html`<p class="muted small">${t('Up to date.')}</p>`
          }
        </div>`,
      )}
      ${anything ? html`<button class="primary" ?disabled=${Boolean(this.busy)} @click=${() => this.planChosen()}>${t('Review the ticked changes')}</button>` : nothing}
    </section>`
  }

  override render() {
    return html`<h1>${t('Model sync')}</h1>
      <p class="muted">${t('Compare each provider’s upstream model list with the config (names through its rename pipeline), take what you want, and apply it as a patch to the config file.')}</p>
      ${this.config.render({
        pending: () => html`<p class="muted">${t('Loading…')}</p>`,
        error: (error) => html`<p class="error" role="alert">${(error as Error).message}</p>`,
        complete: (names) =>
          names.length === 0
            ? html`<div class="card empty">${t('No provider yet: add one on the Providers page or import a CSV.')}</div>`
            : html`<section class="card">
                <fieldset>
                  <legend>${t('Providers (none ticked = all)')}</legend>
                  ${names.map((name) => html`<label><input type="checkbox" .checked=${this.picked.has(name)} @change=${(event: Event) => (this.picked = this.toggle(this.picked, name, (event.target as HTMLInputElement).checked))} /> ${name}</label>`)}
                </fieldset>
                <fieldset>
                  <legend>${t('Options')}</legend>
                  <label><input type="checkbox" .checked=${this.rename} @change=${(event: Event) => (this.rename = (event.target as HTMLInputElement).checked)} /> ${t('Rename automatically (apply each provider’s rename pipeline to its existing models too)')}</label>
                  <label><input type="checkbox" .checked=${this.autoApprove} @change=${(event: Event) => (this.autoApprove = (event.target as HTMLInputElement).checked)} /> ${t('Approve automatically (apply without the review step)')}</label>
                </fieldset>
                <button class="primary" ?disabled=${Boolean(this.busy)} @click=${() => this.fetchLists(names)}>${t('Fetch model lists')}</button>
              </section>`,
      })}
      ${this.busy ? html`<p class="muted" role="status">${this.busy}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.autoApplied ? html`<p class="ok" role="status">${t('Applied to {file}.', { file: this.autoApplied.file })}</p>` : nothing}
      ${this.renderFindings()}
      <pinai-plan-review .api=${this.api} .plan=${this.plan} @pinai-applied=${() => (this.findings = undefined)} @pinai-discard=${() => (this.plan = undefined)}></pinai-plan-review>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-sync': PinaiSync
  }
}

import { Task } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import type {
  ChannelHealth,
  ChannelTestResult,
  ConfigEdit,
  ConfigView,
  HealthView,
  PlanResponse,
  ProviderSource,
} from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { PollController } from '../controllers/poll-controller.ts'
import { formatDuration, formatTime } from '../i18n/format.ts'
import { t } from '../i18n/translate.ts'
import '../pinai-plan-review/pinai-plan-review.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { modelId, modelName, providerEdits, type ProviderDraft } from './provider-edits.ts'
import { providersStyles } from './pinai-providers.styles.ts'

/** A channel a Test button names: provider, key position, upstream model. */
interface ChannelRef {
  provider: string
  keyIndex: number
  model: string
}

const refKey = (ref: ChannelRef) => `${ref.provider}|${ref.keyIndex}|${ref.model}`
const HEALTH_INTERVAL_MS = 5000

/** Every provider of the config with live channel health, Test buttons, and edits made into a plan. */
@customElement('pinai-providers')
export class PinaiProviders extends LitElement {
  static override styles = [sharedStyles, providersStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @state() accessor health = new Map<string, ChannelHealth>()
  @state() accessor drafts = new Map<string, ProviderDraft>()
  @state() accessor results = new Map<string, ChannelTestResult | 'running'>()
  @state() accessor testingAll = false
  @state() accessor plan: PlanResponse | undefined
  @state() accessor planError = ''
  @state() accessor planning = false
  private stopAll = false

  private readonly config = new Task(this, {
    task: async ([api], { signal }) => {
      if (!api) throw new Error('not connected')
      return api.get<ConfigView>('config', {}, signal)
    },
    args: () => [this.api] as const,
  })

  constructor() {
    super()
    new LocaleController(this)
    new PollController(this, HEALTH_INTERVAL_MS, () => this.refreshHealth())
  }

  private async refreshHealth(): Promise<void> {
    if (!this.api) return
    try {
      const view = await this.api.get<HealthView>('health')
      this.health = new Map(view.channels.map((channel) => [channel.id, channel]))
    } catch {
      // The config card shows connection trouble; health keeps its last state.
    }
  }

  private draft(provider: string): ProviderDraft {
    return this.drafts.get(provider) ?? { fields: {}, removeModels: [], addModels: [], remove: false }
  }

  private edit(provider: string, change: (draft: ProviderDraft) => ProviderDraft): void {
    const drafts = new Map(this.drafts)
    drafts.set(provider, change(this.draft(provider)))
    this.drafts = drafts
  }

  private async test(ref: ChannelRef): Promise<void> {
    if (!this.api) return
    this.results = new Map(this.results).set(refKey(ref), 'running')
    let result: ChannelTestResult
    try {
      result = await this.api.post<ChannelTestResult>('channels/test', {
        provider: ref.provider,
        keyIndex: ref.keyIndex,
        model: ref.model,
      })
    } catch (error) {
      result = {
        provider: ref.provider,
        keyLabel: '',
        model: ref.model,
        ok: false,
        status: null,
        latencyMs: 0,
        message: (error as Error).message,
      }
    }
    this.results = new Map(this.results).set(refKey(ref), result)
  }

  private async testAll(providers: ProviderSource[]): Promise<void> {
    this.testingAll = true
    this.stopAll = false
    for (const provider of providers) {
      for (const entry of provider.models ?? []) {
        for (let keyIndex = 0; keyIndex < Math.max(provider.keys?.length ?? 0, 1); keyIndex++) {
          if (this.stopAll) break
          await this.test({ provider: provider.name, keyIndex, model: modelId(entry) })
        }
      }
    }
    this.testingAll = false
  }

  private async makePlan(edits: ConfigEdit[]): Promise<void> {
    if (!this.api || edits.length === 0) return
    this.planning = true
    this.planError = ''
    try {
      this.plan = await this.api.post<PlanResponse>('config/plan', { edits })
    } catch (error) {
      this.planError = (error as Error).message
    } finally {
      this.planning = false
    }
  }

  private applied(): void {
    this.drafts = new Map()
    void this.config.run()
  }

  private addProvider(event: SubmitEvent): void {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    const list = (name: string) =>
      String(data.get(name) ?? '')
        .split(/[\s,]+/)
        .filter(Boolean)
    void this.makePlan([
      {
        op: 'add-provider',
        provider: {
          name: String(data.get('name')).trim(),
          protocol: String(data.get('protocol')),
          baseUrl: String(data.get('baseUrl')).trim(),
          keys: list('keys'),
          models: list('models'),
        },
      },
    ])
  }

  private renderResult(ref: ChannelRef) {
    const result = this.results.get(refKey(ref))
    if (!result) return nothing
    if (result === 'running') return html`<span class="result muted" role="status">${t('Testing…')}</span>`
    return html`<span class="result ${result.ok ? 'ok' : 'error'}" role="status" data-testid="test-result">
      ${result.ok ? '✓' : '✗'} ${result.status ?? t('no answer')} · ${formatDuration(result.latencyMs)} · <span class="mono">${result.message}</span>
    </span>`
  }

  private renderChannel(provider: ProviderSource, keyIndex: number, model: string) {
    const channel = this.health.get(`${provider.name}#${keyIndex + 1}/${model}`)
    const ref = { provider: provider.name, keyIndex, model }
    const keyed = (provider.keys?.length ?? 0) > 0
    const state = channel?.state ?? 'ok'
    const stateText =
      state === 'cooling' && channel?.until
        ? t('cooling until {time}', { time: formatTime(channel.until) })
        : state === 'half-open'
          ? t('half-open')
          : state === 'limited'
            ? t('at its limit')
            : t('ok')
    return html`<div class="channel">
      ${keyed ? html`<span class="mono">#${keyIndex + 1}</span>` : nothing}
      <span class="state-${state}">● ${stateText}</span>
      ${channel?.latencyMs !== undefined ? html`<span class="muted">${formatDuration(channel.latencyMs)}</span>` : nothing}
      ${channel?.lastError ? html`<span class="error small" title=${channel.lastError.message}>${channel.lastError.status || ''} ${channel.lastError.message.slice(0, 80)}</span>` : nothing}
      <button class="small" @click=${() => this.test(ref)} aria-label=${t('Test {model} with key {key} of {provider}', { model, key: keyIndex + 1, provider: provider.name })}>${t('Test')}</button>
      ${this.renderResult(ref)}
    </div>`
  }

  private renderProvider(provider: ProviderSource) {
    const draft = this.draft(provider.name)
    const enabled = draft.fields.enabled ?? provider.enabled ?? true
    const keyCount = provider.keys?.length ?? 0
    const keyIndexes = Array.from({ length: Math.max(keyCount, 1) }, (_, index) => index)
    const firstModel = provider.models?.[0]
    return html`<section class="card provider ${enabled ? '' : 'disabled'}" aria-label=${provider.name} data-provider=${provider.name}>
      <header>
        <h2>${provider.name} <span class="badge muted">${provider.protocol}</span> ${draft.remove ? html`<span class="badge error">${t('to be removed')}</span>` : nothing}</h2>
        <div class="row">
          ${
            firstModel !== undefined
              ? html`<button @click=${() => this.test({ provider: provider.name, keyIndex: 0, model: modelId(firstModel) })}>${t('Test provider')}</button>`
              : nothing
          }
          <button class="danger" @click=${() => this.edit(provider.name, (old) => ({ ...old, remove: !old.remove }))}>${draft.remove ? t('Keep provider') : t('Remove provider')}</button>
        </div>
      </header>
      <div class="facts">
        <span>${t('Base URL')}: <span class="mono">${provider.baseUrl}</span></span>
        <span>${keyCount === 1 ? t('1 key') : t('{count} keys', { count: keyCount })}</span>
        ${typeof provider.rewrite === 'string' ? html`<span>${t('Rename pipeline')}: <span class="mono">${provider.rewrite}</span></span>` : nothing}
      </div>
      <div class="controls">
        <label><input type="checkbox" .checked=${enabled} @change=${(event: Event) => this.edit(provider.name, (old) => ({ ...old, fields: { ...old.fields, enabled: (event.target as HTMLInputElement).checked } }))} /> ${t('Enabled')}</label>
        <label>${t('Weight')} <input type="number" min="0" step="1" .value=${String(draft.fields.weight ?? provider.weight ?? 1)}
          @change=${(event: Event) => this.edit(provider.name, (old) => ({ ...old, fields: { ...old.fields, weight: Number((event.target as HTMLInputElement).value) } }))} /></label>
        <label>${t('Priority')} <input type="number" step="1" .value=${String(draft.fields.priority ?? provider.priority ?? 0)}
          @change=${(event: Event) => this.edit(provider.name, (old) => ({ ...old, fields: { ...old.fields, priority: Number((event.target as HTMLInputElement).value) } }))} /></label>
      </div>
      <div class="table-wrap">
        <table class="models">
          <thead><tr><th>${t('Upstream model')}</th><th>${t('Exposed as')}</th><th>${t('Channels')}</th><th><span class="visually-hidden">${t('Actions')}</span></th></tr></thead>
          <tbody>
            ${(provider.models ?? []).map((entry) => {
              const id = modelId(entry)
              const removed = draft.removeModels.includes(id)
              return html`<tr class=${removed ? 'removed' : ''}>
                <td class="mono">${id}</td>
                <td class="mono exposed">${modelName(entry)}</td>
                <td><div class="health">${keyIndexes.map((keyIndex) => this.renderChannel(provider, keyIndex, id))}</div></td>
                <td><button class="small" @click=${() =>
                  this.edit(provider.name, (old) => ({
                    ...old,
                    removeModels: removed ? old.removeModels.filter((item) => item !== id) : [...old.removeModels, id],
                  }))}>${removed ? t('Keep') : t('Remove')}</button></td>
              </tr>`
            })}
            ${draft.addModels.map(
              (
                id,
              ) => html`<tr><td class="mono ok">+ ${id}</td><td class="mono">${id}</td><td class="muted small">${t('new')}</td>
              <td><button class="small" @click=${() => this.edit(provider.name, (old) => ({ ...old, addModels: old.addModels.filter((item) => item !== id) }))}>${t('Undo')}</button></td></tr>`,
            )}
          </tbody>
        </table>
      </div>
      <form class="row" @submit=${(event: SubmitEvent) => {
        event.preventDefault()
        const input = (event.target as HTMLFormElement).elements.namedItem('models') as HTMLInputElement
        const ids = input.value.split(/[\s,]+/).filter(Boolean)
        input.value = ''
        this.edit(provider.name, (old) => ({ ...old, addModels: [...new Set([...old.addModels, ...ids])] }))
      }}>
        <label>${t('Add models')} <input name="models" placeholder="gpt-4o-mini, …" /></label>
        <button type="submit">${t('Add')}</button>
      </form>
    </section>`
  }

  private renderAddProvider() {
    return html`<details class="card">
      <summary>${t('Add a provider')}</summary>
      <form class="add" @submit=${this.addProvider}>
        <label class="stacked">${t('Name')}<input name="name" required pattern="[A-Za-z0-9._\\-]+" /></label>
        <label class="stacked">${t('Protocol')}<select name="protocol"><option>openai</option><option>anthropic</option><option>gemini</option><option>openai-responses</option></select></label>
        <label class="stacked">${t('Base URL')}<input name="baseUrl" type="url" required placeholder="https://api.example.com/v1" /></label>
        <label class="stacked">${t('Keys (comma separated)')}<input name="keys" type="password" autocomplete="off" /></label>
        <label class="stacked">${t('Models (comma separated)')}<input name="models" /></label>
        <button type="submit" class="primary">${t('Plan it')}</button>
      </form>
      <p class="small muted">${t('Keys go to .env as new variables; the config file gets only ${NAME} references.')}</p>
    </details>`
  }

  private renderPage(view: ConfigView) {
    const providers = view.config.providers ?? []
    const edits = providerEdits(this.drafts)
    return html`<div class="spread">
        <h1>${t('Providers')}</h1>
        <div class="row">
          ${
            this.testingAll
              ? html`<button @click=${() => (this.stopAll = true)}>${t('Stop')}</button>`
              : html`<button @click=${() => this.testAll(providers)} ?disabled=${providers.length === 0}>${t('Test all')}</button>`
          }
        </div>
      </div>
      <p class="note muted">${t('Each test sends one real request for one token to that channel (no routing, no failover): it spends a little of the upstream’s quota.')}</p>
      <p class="small muted">${t('Config file')}: <span class="mono">${view.file}</span></p>
      ${providers.length === 0 ? html`<div class="card empty">${t('No provider yet: add one below, or import a CSV.')}</div>` : nothing}
      ${providers.map((provider) => this.renderProvider(provider))}
      ${
        edits.length
          ? html`<div class="edit-bar" role="region" aria-label=${t('Unsaved changes')}>
            <span>${t('{count} unsaved changes', { count: edits.length })}</span>
            <button class="primary" ?disabled=${this.planning} @click=${() => this.makePlan(edits)}>${t('Review changes')}</button>
            <button @click=${() => (this.drafts = new Map())}>${t('Discard')}</button>
          </div>`
          : nothing
      }`
  }

  override render() {
    // After an apply the config is read again; the page keeps showing the last one meanwhile.
    const view = this.config.value
    return html`${
      view
        ? this.renderPage(view)
        : this.config.render({
            pending: () => html`<p class="muted" role="status">${t('Loading…')}</p>`,
            error: (error) =>
              html`<p class="error" role="alert">${t('Could not load the config: {message}', { message: (error as Error).message })}</p>`,
          })
    }
      ${this.planError ? html`<p class="error" role="alert">${this.planError}</p>` : nothing}
      <pinai-plan-review .api=${this.api} .plan=${this.plan} @pinai-applied=${this.applied} @pinai-discard=${() => (this.plan = undefined)}></pinai-plan-review>
      ${view ? this.renderAddProvider() : nothing}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-providers': PinaiProviders
  }
}

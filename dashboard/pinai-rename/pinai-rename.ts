import { Task } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import type { ConfigView, PlanResponse, RewritePreview, RewriteRule, RewriteStep } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { t } from '../i18n/translate.ts'
import '../pinai-plan-review/pinai-plan-review.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { renameStyles } from './pinai-rename.styles.ts'
import { completeSteps, isEnabled, moveStep, newRule, presets, ruleKinds, toggleStep } from './rename-steps.ts'

const PREVIEW_DELAY_MS = 300
const PREVIEW_ROWS = 60

function summary(step: RewriteStep): string {
  if (typeof step === 'string') return `${t('preset')}: ${step}`
  switch (step.kind) {
    case 'insert':
      return `insert "${step.text}" ${step.position}${step.anchor ? ` "${step.anchor}"` : ''}`
    case 'replace':
      return `replace "${step.from}" → "${step.to ?? ''}"`
    case 'regex':
      return `regex /${step.pattern}/${step.flags ?? ''}g → "${step.replace ?? ''}"`
    case 'case':
      return `case → ${step.to}`
  }
}

/** Rename rules: each pipeline as an ordered, editable list with a live preview; saved as a patch. */
@customElement('pinai-rename')
export class PinaiRename extends LitElement {
  static override styles = [sharedStyles, renameStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @state() accessor pipelines: Record<string, RewriteStep[]> = {}
  @state() accessor selected = ''
  @state() accessor steps: RewriteStep[] = []
  @state() accessor editing = -1
  @state() accessor dragging = -1
  @state() accessor dropAt = -1
  @state() accessor preview: RewritePreview | undefined
  @state() accessor previewError = ''
  @state() accessor changedOnly = false
  @state() accessor plan: PlanResponse | undefined
  @state() accessor error = ''
  private previewTimer: ReturnType<typeof setTimeout> | undefined

  private readonly config = new Task(this, {
    task: async ([api], { signal }) => {
      if (!api) throw new Error('not connected')
      const view = await api.get<ConfigView>('config', {}, signal)
      this.pipelines = view.config.rewrite ?? {}
      const first = Object.keys(this.pipelines)[0]
      if (!this.selected || !(this.selected in this.pipelines)) this.select(first ?? '')
      return view
    },
    args: () => [this.api] as const,
  })

  constructor() {
    super()
    new LocaleController(this)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.previewTimer)
  }

  private select(name: string): void {
    this.selected = name
    this.steps = [...(this.pipelines[name] ?? [])]
    this.editing = -1
    this.plan = undefined
    this.schedulePreview()
  }

  private change(steps: RewriteStep[]): void {
    this.steps = steps
    this.schedulePreview()
  }

  private schedulePreview(): void {
    clearTimeout(this.previewTimer)
    this.previewTimer = setTimeout(() => void this.runPreview(), PREVIEW_DELAY_MS)
  }

  private async runPreview(): Promise<void> {
    if (!this.api) return
    try {
      this.preview = await this.api.post<RewritePreview>('config/rewrite', {
        steps: completeSteps(this.steps),
        pipeline: this.selected || 'preview',
      })
      this.previewError = ''
    } catch (error) {
      this.previewError = (error as Error).message
    }
  }

  private updateRule(index: number, patch: Partial<RewriteRule>): void {
    const step = this.steps[index]
    if (step === undefined || typeof step === 'string') return
    const next = [...this.steps]
    next[index] = { ...step, ...patch } as RewriteRule
    this.change(next)
  }

  private move(index: number, to: number, focus = false): void {
    this.change(moveStep(this.steps, index, to))
    if (this.editing === index) this.editing = Math.max(0, Math.min(this.steps.length - 1, to))
    if (focus)
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLElement>(`li[data-index="${Math.max(0, Math.min(this.steps.length - 1, to))}"] .handle`)
          ?.focus(),
      )
  }

  private onKey(event: KeyboardEvent, index: number): void {
    if (event.key === 'ArrowUp' && (event.altKey || event.currentTarget === event.target)) {
      event.preventDefault()
      this.move(index, index - 1, true)
    } else if (event.key === 'ArrowDown' && (event.altKey || event.currentTarget === event.target)) {
      event.preventDefault()
      this.move(index, index + 1, true)
    }
  }

  private addStep(event: Event): void {
    const select = event.target as HTMLSelectElement
    const value = select.value
    select.value = ''
    if (!value) return
    const step: RewriteStep = (ruleKinds as readonly string[]).includes(value)
      ? newRule(value as (typeof ruleKinds)[number])
      : value
    this.change([...this.steps, step])
    if (typeof step !== 'string') this.editing = this.steps.length - 1
  }

  private newPipeline(event: SubmitEvent): void {
    event.preventDefault()
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement
    const name = input.value.trim()
    if (!name) return
    input.value = ''
    this.pipelines = { ...this.pipelines, [name]: this.pipelines[name] ?? [] }
    this.select(name)
  }

  private async save(): Promise<void> {
    if (!this.api || !this.selected) return
    this.error = ''
    try {
      this.plan = await this.api.post<PlanResponse>('config/plan', {
        edits: [{ op: 'set-pipeline', name: this.selected, steps: completeSteps(this.steps) }],
      })
    } catch (error) {
      this.error = (error as Error).message
    }
  }

  private renderEditor(step: RewriteRule, index: number) {
    const text = (label: string, field: string, value: string | undefined) =>
      html`<label class="stacked">${label}<input .value=${value ?? ''} @input=${(event: Event) => this.updateRule(index, { [field]: (event.target as HTMLInputElement).value })} /></label>`
    switch (step.kind) {
      case 'insert':
        return html`<div class="editor">${text(t('Text'), 'text', step.text)}
          <label class="stacked">${t('Position')}<select @change=${(event: Event) => this.updateRule(index, { position: (event.target as HTMLSelectElement).value as 'prefix' })}>
            ${(['prefix', 'suffix', 'before', 'after'] as const).map((position) => html`<option ?selected=${step.position === position} value=${position}>${t(position)}</option>`)}
          </select></label>
          ${step.position === 'before' || step.position === 'after' ? text(t('Anchor'), 'anchor', step.anchor) : nothing}</div>`
      case 'replace':
        return html`<div class="editor">${text(t('Find'), 'from', step.from)}${text(t('Replace with'), 'to', step.to)}</div>`
      case 'regex':
        return html`<div class="editor">${text(t('Pattern'), 'pattern', step.pattern)}${text(t('Replace with ($1 for groups)'), 'replace', step.replace)}${text(t('Flags (i, m, s, u)'), 'flags', step.flags)}</div>`
      case 'case':
        return html`<div class="editor"><label class="stacked">${t('Case')}<select @change=${(event: Event) => this.updateRule(index, { to: (event.target as HTMLSelectElement).value as 'upper' })}>
          <option value="lower" ?selected=${step.to === 'lower'}>${t('lower')}</option><option value="upper" ?selected=${step.to === 'upper'}>${t('upper')}</option></select></label></div>`
    }
  }

  private renderStep(step: RewriteStep, index: number) {
    const classes = [
      'step',
      isEnabled(step) ? '' : 'off',
      this.dragging === index ? 'dragging' : '',
      this.dropAt === index ? 'drop' : '',
    ].join(' ')
    return html`<li class=${classes} data-index=${index} draggable="true"
      @dragstart=${(event: DragEvent) => {
        this.dragging = index
        event.dataTransfer?.setData('text/plain', String(index))
      }}
      @dragover=${(event: DragEvent) => {
        event.preventDefault()
        this.dropAt = index
      }}
      @dragend=${() => {
        this.dragging = -1
        this.dropAt = -1
      }}
      @drop=${(event: DragEvent) => {
        event.preventDefault()
        if (this.dragging >= 0) this.move(this.dragging, index)
        this.dragging = -1
        this.dropAt = -1
      }}>
      <div class="head">
        <span class="handle" tabindex="0" role="button" aria-label=${t('Step {n}: move with the arrow keys', { n: index + 1 })} @keydown=${(event: KeyboardEvent) => this.onKey(event, index)}>⠿</span>
        ${
          typeof step === 'string'
            ? html`<span class="badge muted">${t('on')}</span>`
            : html`<label><input type="checkbox" .checked=${isEnabled(step)} @change=${() => this.change(this.steps.map((item, position) => (position === index ? toggleStep(item) : item)))} /><span class="visually-hidden">${t('Enabled')}</span></label>`
        }
        <span class="summary">${summary(step)}</span>
        <button class="small" aria-label=${t('Move up')} ?disabled=${index === 0} @click=${() => this.move(index, index - 1)}>↑</button>
        <button class="small" aria-label=${t('Move down')} ?disabled=${index === this.steps.length - 1} @click=${() => this.move(index, index + 1)}>↓</button>
        ${typeof step === 'string' ? nothing : html`<button class="small" aria-expanded=${this.editing === index ? 'true' : 'false'} @click=${() => (this.editing = this.editing === index ? -1 : index)}>${t('Edit')}</button>`}
        <button class="small danger" @click=${() => this.change(this.steps.filter((_, position) => position !== index))}>${t('Remove')}</button>
      </div>
      ${typeof step !== 'string' && this.editing === index ? this.renderEditor(step, index) : nothing}
    </li>`
  }

  private renderPreview() {
    const names = (this.preview?.names ?? []).filter((name) => !this.changedOnly || name.input !== name.output)
    return html`<section class="card" aria-label=${t('Preview')}>
      <div class="spread"><h2>${t('Preview on the providers’ model names')}</h2>
        <label class="small"><input type="checkbox" .checked=${this.changedOnly} @change=${(event: Event) => (this.changedOnly = (event.target as HTMLInputElement).checked)} /> ${t('Changed only')}</label></div>
      ${this.previewError ? html`<p class="error small" role="alert">${this.previewError}</p>` : nothing}
      ${
        names.length === 0
          ? html`<p class="muted small">${t('No model names to show: add providers with models first.')}</p>`
          : html`<div class="table-wrap"><table><thead><tr><th>${t('Upstream id')}</th><th>${t('Exposed as')}</th></tr></thead><tbody>
            ${names.slice(0, PREVIEW_ROWS).map((name) => html`<tr class=${name.input === name.output ? '' : 'changed'}><td>${name.input}</td><td class="output">${name.output}</td></tr>`)}
          </tbody></table></div>
          ${names.length > PREVIEW_ROWS ? html`<p class="muted small">${t('and {count} more', { count: names.length - PREVIEW_ROWS })}</p>` : nothing}`
      }
    </section>`
  }

  override render() {
    return html`<h1>${t('Rename rules')}</h1>
      <p class="muted">${t('A pipeline turns upstream model ids into the names clients ask for. Steps run top to bottom; drag them, or focus a handle and use the arrow keys.')}</p>
      ${this.config.render({
        pending: () => html`<p class="muted">${t('Loading…')}</p>`,
        error: (error) => html`<p class="error" role="alert">${(error as Error).message}</p>`,
        complete: () => html`<div class="layout">
          <section class="card" aria-label=${t('Pipeline')}>
            <div class="row">
              <label>${t('Pipeline')} <select @change=${(event: Event) => this.select((event.target as HTMLSelectElement).value)}>
                ${Object.keys(this.pipelines).map((name) => html`<option ?selected=${name === this.selected} value=${name}>${name}</option>`)}
              </select></label>
              <form class="row" @submit=${this.newPipeline}><label>${t('New pipeline')} <input name="name" size="10" pattern="[A-Za-z0-9_\\-]+" /></label><button type="submit">${t('Create')}</button></form>
            </div>
            ${
              this.selected
                ? html`<h2>${this.selected}</h2>
                  ${this.steps.length ? html`<ol aria-label=${t('Steps')}>${this.steps.map((step, index) => this.renderStep(step, index))}</ol>` : html`<p class="muted">${t('No steps: names pass unchanged.')}</p>`}
                  <div class="row">
                    <label>${t('Add a step')} <select @change=${this.addStep}>
                      <option value="">—</option>
                      <optgroup label=${t('Presets')}>${presets.map((preset) => html`<option value=${preset}>${preset}</option>`)}</optgroup>
                      <optgroup label=${t('Rules')}>${ruleKinds.map((kind) => html`<option value=${kind}>${t(kind)}</option>`)}</optgroup>
                    </select></label>
                    <button class="primary" @click=${this.save}>${t('Save as a patch')}</button>
                  </div>
                  ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`
                : html`<p class="empty">${t('No pipeline in the config yet: create one above.')}</p>`
            }
          </section>
          ${this.renderPreview()}
        </div>`,
      })}
      <pinai-plan-review .api=${this.api} .plan=${this.plan} @pinai-applied=${() => this.config.run()} @pinai-discard=${() => (this.plan = undefined)}></pinai-plan-review>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-rename': PinaiRename
  }
}

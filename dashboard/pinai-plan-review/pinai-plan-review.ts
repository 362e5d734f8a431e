import { html, LitElement, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import { ApiError } from '../api/api-error.ts'
import type { ApplyResponse, PlanResponse } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { t } from '../i18n/translate.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { planReviewStyles } from './pinai-plan-review.styles.ts'

/** Fired after a plan was written to the config file. */
export type AppliedEvent = CustomEvent<ApplyResponse>

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'hunk'
  if (line.startsWith('@@')) return 'hunk'
  if (line.startsWith('+')) return 'add'
  if (line.startsWith('-')) return 'remove'
  return ''
}

/**
 * A plan's review: its problems, the diff of `pinai.config.ts`, the `.env` names it adds, and Apply.
 * When the file is read-only, the patch and the variables to set, to copy by hand.
 */
@customElement('pinai-plan-review')
export class PinaiPlanReview extends LitElement {
  static override styles = [sharedStyles, planReviewStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @property({ attribute: false }) accessor plan: PlanResponse | undefined
  @state() accessor applying = false
  @state() accessor outcome:
    | { kind: 'applied'; result: ApplyResponse }
    | { kind: 'read-only'; patch: string; env: string[] }
    | { kind: 'error'; message: string }
    | undefined

  constructor() {
    super()
    new LocaleController(this)
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('plan')) this.outcome = undefined
  }

  private async apply(): Promise<void> {
    if (!this.api || !this.plan) return
    this.applying = true
    try {
      const result = await this.api.post<ApplyResponse>('config/apply', { planId: this.plan.planId })
      this.outcome = { kind: 'applied', result }
      this.dispatchEvent(
        new CustomEvent('pinai-applied', { detail: result, bubbles: true, composed: true }) satisfies AppliedEvent,
      )
    } catch (error) {
      const details = (error as ApiError).body as
        { error?: { details?: { patch?: string; env?: string[] } } } | undefined
      if (error instanceof ApiError && error.code === 'config_read_only') {
        this.outcome = {
          kind: 'read-only',
          patch: details?.error?.details?.patch ?? '',
          env: details?.error?.details?.env ?? [],
        }
      } else if (error instanceof ApiError && error.code === 'plan_stale') {
        this.outcome = {
          kind: 'error',
          message: t('The config file changed since this plan was made. Make the plan again.'),
        }
      } else {
        this.outcome = { kind: 'error', message: (error as Error).message }
      }
    } finally {
      this.applying = false
    }
  }

  private discard(): void {
    this.dispatchEvent(new CustomEvent('pinai-discard', { bubbles: true, composed: true }))
  }

  private renderOutcome() {
    const outcome = this.outcome
    if (!outcome) return nothing
    if (outcome.kind === 'applied') {
      return html`<p class="ok" role="status">${t('Applied to {file}.', { file: outcome.result.file })} ${outcome.result.reloaded === false ? t('The gateway did not reload it: see the banner.') : t('The gateway reloaded it.')}
        ${outcome.result.envAdded.length ? html`<br />${t('Added to .env: {names}', { names: outcome.result.envAdded.join(', ') })}` : nothing}</p>`
    }
    if (outcome.kind === 'error') return html`<p class="error" role="alert">${outcome.message}</p>`
    return html`<div class="banner warn" role="alert">
      <p><strong>${t('The config file is read-only here.')}</strong> ${t('Apply this patch to it by hand (for example with git apply), then the gateway reloads it.')}</p>
      <label class="stacked">${t('Patch')}<textarea readonly .value=${outcome.patch}></textarea></label>
      ${
        outcome.env.length
          ? html`<p>${t('Also add these variables to .env (their values were in what you entered):')} <span class="mono">${outcome.env.join(', ')}</span></p>`
          : nothing
      }
    </div>`
  }

  override render() {
    const plan = this.plan
    if (!plan) return nothing
    const done = this.outcome?.kind === 'applied'
    return html`<section class="card" aria-label=${t('Review the change')}>
      <h2>${t('Review the change')}</h2>
      ${
        plan.problems.length
          ? html`<div class="banner warn"><strong>${t('Problems')}</strong><ul>${plan.problems.map((problem) => html`<li><span class="mono">${problem.where}</span>: ${problem.message}</li>`)}</ul></div>`
          : nothing
      }
      ${
        plan.changed
          ? html`<div class="diff" role="region" aria-label=${t('Diff of the config file')} tabindex="0">${plan.diff.split('\n').map((line) => html`<div class=${lineClass(line)}>${line}</div>`)}</div>
            ${plan.env.length ? html`<p class="small">${t('New .env variables: {names}', { names: plan.env.join(', ') })}</p>` : nothing}`
          : html`<p class="muted">${t('Nothing to change: the config already says this.')}</p>`
      }
      ${this.renderOutcome()}
      <div class="row">
        ${
          plan.changed && !done
            ? html`<button class="primary" ?disabled=${this.applying} @click=${this.apply}>${this.applying ? t('Applying…') : t('Apply to the config file')}</button>`
            : nothing
        }
        <button @click=${this.discard}>${done ? t('Close') : t('Discard')}</button>
      </div>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-plan-review': PinaiPlanReview
  }
}

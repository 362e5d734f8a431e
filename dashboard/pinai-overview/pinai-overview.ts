import { Task } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import { ApiError } from '../api/api-error.ts'
import type { LiveStats, RangeName, StatsOverview, StatsSeries, StatsTop, TopEntry } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { PollController } from '../controllers/poll-controller.ts'
import { formatCompact, formatDecimal, formatDuration, formatInteger, formatPercent } from '../i18n/format.ts'
import { t } from '../i18n/translate.ts'
import '../pinai-chart/pinai-chart.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { overviewStyles } from './pinai-overview.styles.ts'

const ranges: readonly RangeName[] = ['24h', '7d', '30d']
const LIVE_INTERVAL_MS = 3000

/** Live traffic, the chosen range's totals and charts, and the four top-5 lists. */
@customElement('pinai-overview')
export class PinaiOverview extends LitElement {
  static override styles = [sharedStyles, overviewStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @state() accessor range: RangeName = '24h'
  @state() accessor live: LiveStats | undefined
  @state() accessor liveError = ''

  private readonly stats = new Task(this, {
    task: async ([api, range], { signal }) => {
      if (!api) throw new Error('not connected')
      const [overview, series, top] = await Promise.all([
        api.get<StatsOverview>('stats/overview', { range }, signal),
        api.get<StatsSeries>('stats/series', { range }, signal),
        api.get<StatsTop>('stats/top', { range }, signal),
      ])
      return { overview, series, top }
    },
    args: () => [this.api, this.range] as const,
  })

  constructor() {
    super()
    new LocaleController(this)
    new PollController(this, LIVE_INTERVAL_MS, () => this.refreshLive())
  }

  private async refreshLive(): Promise<void> {
    if (!this.api) return
    try {
      this.live = await this.api.get<LiveStats>('stats/live')
      this.liveError = ''
    } catch (error) {
      this.liveError = (error as Error).message
    }
  }

  private tile(label: string, value: string, testId: string, live = false) {
    return html`<div class="tile" data-testid=${testId}>
      <div class="label">${label} ${live ? html`<span class="live">● ${t('live')}</span>` : nothing}</div>
      <div class="value">${value}</div>
    </div>`
  }

  private renderTop(title: string, entries: TopEntry[], figure: (entry: TopEntry) => string, testId: string) {
    return html`<section class="card" data-testid=${testId}>
      <h2>${title}</h2>
      ${
        entries.length
          ? html`<ol>${entries.map((entry) => html`<li><span class="name" title=${entry.name}>${entry.name}</span><span class="figure">${figure(entry)}</span></li>`)}</ol>`
          : html`<p class="muted small">${t('Nothing in this range yet.')}</p>`
      }
    </section>`
  }

  private renderStats() {
    return this.stats.render({
      pending: () => html`<p class="muted" role="status">${t('Loading…')}</p>`,
      error: (error) =>
        error instanceof ApiError && error.kind === 'storage-off'
          ? html`<div class="card empty">${t('The request log is off (storage is disabled), so there are no statistics. Set DATABASE_URL or storage in the config.')}</div>`
          : html`<p class="error" role="alert">${t('Could not load the statistics: {message}', { message: (error as Error).message })}</p>`,
      complete: ({ overview, series, top }) => {
        const times = series.points.map((point) => point.time)
        const origin = this.api?.connection.baseUrl || location.origin
        return html`
          <div class="tiles">
            ${this.tile(t('Requests'), formatInteger(overview.requests), 'requests')}
            ${this.tile(t('Success rate'), formatPercent(overview.successRate), 'success-rate')}
            ${this.tile(t('Average TTFT'), formatDuration(overview.avgTtftMs), 'avg-ttft')}
            ${this.tile(t('Prompt tokens'), formatCompact(overview.promptTokens), 'prompt-tokens')}
            ${this.tile(t('Completion tokens'), formatCompact(overview.completionTokens), 'completion-tokens')}
          </div>
          ${
            overview.requests === 0
              ? html`<div class="card empty">${t('No traffic yet: point a client at {url}/openai/v1 or {url}/anthropic.', { url: origin })}</div>`
              : nothing
          }
          <div class="charts">
            <section class="card"><h2>${t('Requests and errors')}</h2>
              <pinai-chart .label=${t('Requests and errors')} .times=${times} .format=${formatCompact} .series=${[
                {
                  label: t('Requests'),
                  color: '--pinai-chart-1',
                  values: series.points.map((point) => point.requests),
                },
                { label: t('Errors'), color: '--pinai-chart-2', values: series.points.map((point) => point.errors) },
              ]}></pinai-chart></section>
            <section class="card"><h2>${t('Tokens')}</h2>
              <pinai-chart .label=${t('Tokens')} .times=${times} .format=${formatCompact} .series=${[
                {
                  label: t('Prompt tokens'),
                  color: '--pinai-chart-1',
                  values: series.points.map((point) => point.promptTokens),
                },
                {
                  label: t('Completion tokens'),
                  color: '--pinai-chart-3',
                  values: series.points.map((point) => point.completionTokens),
                },
              ]}></pinai-chart></section>
            <section class="card"><h2>${t('Average TTFT')}</h2>
              <pinai-chart .label=${t('Average TTFT')} .times=${times} .format=${formatDuration} .series=${[
                {
                  label: t('Average TTFT'),
                  color: '--pinai-chart-3',
                  values: series.points.map((point) => point.avgTtftMs),
                },
              ]}></pinai-chart></section>
          </div>
          <div class="tops">
            ${this.renderTop(t('Top models by calls'), top.modelsByCalls, (entry) => formatInteger(entry.requests), 'top-models-calls')}
            ${this.renderTop(t('Top providers by calls'), top.providersByCalls, (entry) => formatInteger(entry.requests), 'top-providers-calls')}
            ${this.renderTop(t('Top models by tokens'), top.modelsByTokens, (entry) => formatCompact(entry.tokens), 'top-models-tokens')}
            ${this.renderTop(t('Top providers by tokens'), top.providersByTokens, (entry) => formatCompact(entry.tokens), 'top-providers-tokens')}
          </div>`
      },
    })
  }

  override render() {
    const live = this.live
    return html`<div class="spread">
        <h1>${t('Overview')}</h1>
        <div class="row" role="group" aria-label=${t('Range')}>
          ${ranges.map((range) => html`<button aria-pressed=${range === this.range ? 'true' : 'false'} @click=${() => (this.range = range)}>${t(`Last ${range}`)}</button>`)}
        </div>
      </div>
      <div class="tiles" aria-live="polite">
        ${this.tile(t('QPS (last minute)'), live ? formatDecimal(live.qps) : '—', 'qps', true)}
        ${this.tile(t('Requests per minute'), live ? formatInteger(live.rpm) : '—', 'rpm', true)}
        ${this.tile(t('In flight'), live ? formatInteger(live.inFlight) : '—', 'in-flight', true)}
      </div>
      ${this.liveError ? html`<p class="error small" role="alert">${t('Live figures unavailable: {message}', { message: this.liveError })}</p>` : nothing}
      ${this.renderStats()}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-overview': PinaiOverview
  }
}

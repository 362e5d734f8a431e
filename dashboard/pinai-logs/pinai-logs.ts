import { html, LitElement, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { ApiClient } from '../api/api-client.ts'
import { ApiError } from '../api/api-error.ts'
import type { LogList, LogRecord, LogSummary } from '../api/types.ts'
import { LocaleController } from '../controllers/locale-controller.ts'
import { formatDateTime, formatDuration, formatInteger } from '../i18n/format.ts'
import { t } from '../i18n/translate.ts'
import { sharedStyles } from '../styles/shared-styles.ts'
import { logsStyles } from './pinai-logs.styles.ts'

const PAGE_SIZE = 50
const spans: Readonly<Record<string, number>> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
}

/** The filters of the log page as the API takes them. */
interface Filters {
  span: string
  model: string
  provider: string
  success: string
  stream: string
}

const tokens = (value: number | undefined) => (value === undefined ? '—' : formatInteger(value))

/** The request log: newest first, filtered, paged by cursor; a row opens its failover chain and trace. */
@customElement('pinai-logs')
export class PinaiLogs extends LitElement {
  static override styles = [sharedStyles, logsStyles]

  @property({ attribute: false }) accessor api: ApiClient | undefined
  @state() accessor filters: Filters = { span: '24h', model: '', provider: '', success: '', stream: '' }
  @state() accessor page: LogList | undefined
  @state() accessor cursors: (string | undefined)[] = [undefined]
  @state() accessor loading = false
  @state() accessor error: ApiError | Error | undefined
  @state() accessor detail: LogRecord | undefined
  @state() accessor detailError = ''
  @query('dialog') accessor dialog!: HTMLDialogElement

  constructor() {
    super()
    new LocaleController(this)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(): Promise<void> {
    if (!this.api) return
    this.loading = true
    const span = spans[this.filters.span]
    try {
      this.page = await this.api.get<LogList>('logs', {
        from: span ? String(Date.now() - span) : undefined,
        model: this.filters.model,
        provider: this.filters.provider,
        success: this.filters.success,
        stream: this.filters.stream,
        cursor: this.cursors.at(-1),
        limit: String(PAGE_SIZE),
      })
      this.error = undefined
    } catch (error) {
      this.error = error as Error
    } finally {
      this.loading = false
    }
  }

  private applyFilters(event: Event): void {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    const text = (name: string) => String(data.get(name) ?? '').trim()
    this.filters = {
      span: text('span'),
      model: text('model'),
      provider: text('provider'),
      success: text('success'),
      stream: text('stream'),
    }
    this.cursors = [undefined]
    void this.load()
  }

  private turn(next: boolean): void {
    this.cursors = next ? [...this.cursors, this.page?.nextCursor ?? undefined] : this.cursors.slice(0, -1)
    void this.load()
  }

  private async open(row: LogSummary): Promise<void> {
    if (!this.api) return
    this.detail = undefined
    this.detailError = ''
    this.dialog.showModal()
    try {
      this.detail = await this.api.get<LogRecord>(`logs/${encodeURIComponent(row.id)}`)
    } catch (error) {
      this.detailError = (error as Error).message
    }
  }

  private renderFilters() {
    const select = (name: keyof Filters, label: string, options: [string, string][]) =>
      html`<label class="stacked">${label}<select name=${name}>${options.map(([value, text]) => html`<option value=${value} ?selected=${this.filters[name] === value}>${text}</option>`)}</select></label>`
    return html`<form class="filters" @submit=${this.applyFilters} aria-label=${t('Filters')}>
      ${select('span', t('Time'), [
        ['1h', t('Last hour')],
        ['24h', t('Last 24h')],
        ['7d', t('Last 7d')],
        ['30d', t('Last 30d')],
        ['all', t('All')],
      ])}
      <label class="stacked">${t('Model')}<input name="model" .value=${this.filters.model} /></label>
      <label class="stacked">${t('Provider')}<input name="provider" .value=${this.filters.provider} /></label>
      ${select('success', t('Result'), [
        ['', t('Any')],
        ['true', t('Succeeded')],
        ['false', t('Failed')],
      ])}
      ${select('stream', t('Stream'), [
        ['', t('Any')],
        ['true', t('Stream')],
        ['false', t('Not stream')],
      ])}
      <button type="submit" class="primary">${t('Apply filters')}</button>
    </form>`
  }

  private renderTable(items: LogSummary[]) {
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th>${t('Time')}</th><th>${t('Requested model')}</th><th>${t('Real model')}</th><th>${t('Provider')}</th><th>${t('Stream')}</th>
        <th>${t('Status')}</th><th class="number">${t('Duration')}</th><th class="number">${t('TTFT')}</th><th class="number">${t('Tokens in / out')}</th>
      </tr></thead>
      <tbody>${items.map(
        (row) => html`<tr @click=${() => this.open(row)} data-id=${row.id}>
          <td><button class="link" @click=${(event: Event) => {
            event.stopPropagation()
            void this.open(row)
          }}>${formatDateTime(row.time)}</button></td>
          <td class="mono">${row.requestedModel}</td>
          <td class="mono">${row.upstreamModel ?? '—'}</td>
          <td>${row.provider ?? '—'}${(row.attemptCount ?? 0) > 1 ? html` <span class="badge warn" title=${t('attempts')}>×${row.attemptCount}</span>` : nothing}</td>
          <td>${row.stream ? t('yes') : t('no')}</td>
          <td><span class="badge ${row.success ? 'ok' : 'error'}">${row.status} ${row.success ? t('ok') : t('failed')}</span></td>
          <td class="number">${formatDuration(row.durationMs)}</td>
          <td class="number">${formatDuration(row.ttftMs)}</td>
          <td class="number">${tokens(row.promptTokens)} / ${tokens(row.completionTokens)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`
  }

  private renderDetail() {
    const record = this.detail
    return html`<dialog aria-labelledby="detail-title" @click=${(event: Event) => event.target === this.dialog && this.dialog.close()}>
      <div class="spread"><h2 id="detail-title">${t('Request')}</h2><button @click=${() => this.dialog.close()}>${t('Close')}</button></div>
      ${this.detailError ? html`<p class="error" role="alert">${this.detailError}</p>` : nothing}
      ${
        record
          ? html`<dl>
              <dt>${t('Time')}</dt><dd>${formatDateTime(record.time)}</dd>
              <dt>${t('Id')}</dt><dd class="mono">${record.id}</dd>
              <dt>${t('Client')}</dt><dd>${record.client} (${record.inbound})</dd>
              <dt>${t('Requested model')}</dt><dd class="mono">${record.requestedModel}${record.mappedModel !== record.requestedModel ? ` → ${record.mappedModel}` : ''}</dd>
              <dt>${t('Real model')}</dt><dd class="mono">${record.provider ?? '—'} / ${record.upstreamModel ?? '—'}</dd>
              <dt>${t('Status')}</dt><dd class=${record.success ? 'ok' : 'error'}>${record.status} ${record.success ? t('ok') : t('failed')}</dd>
              <dt>${t('Duration')}</dt><dd>${formatDuration(record.durationMs)} · TTFT ${formatDuration(record.ttftMs)}</dd>
              <dt>${t('Tokens in / out')}</dt><dd>${tokens(record.promptTokens)} / ${tokens(record.completionTokens)}</dd>
              ${record.error ? html`<dt>${t('Error')}</dt><dd class="error">${record.error}</dd>` : nothing}
            </dl>
            <h3>${t('Attempts ({count})', { count: record.attempts.length })}</h3>
            ${
              record.attempts.length
                ? html`<div class="table-wrap"><table data-testid="attempts"><thead><tr><th>#</th><th>${t('Provider')}</th><th>${t('Key')}</th><th>${t('Upstream model')}</th><th>${t('Status')}</th><th class="number">${t('Duration')}</th><th>${t('Error')}</th></tr></thead>
                  <tbody>${record.attempts.map(
                    (attempt, index) => html`<tr>
                    <td>${index + 1}</td><td>${attempt.provider}</td><td class="mono">${attempt.keyLabel}</td><td class="mono">${attempt.upstreamModel}</td>
                    <td class=${attempt.status >= 200 && attempt.status < 300 ? 'ok' : 'error'}>${attempt.status || t('no answer')}${attempt.errorClass ? ` (${attempt.errorClass})` : ''}</td>
                    <td class="number">${formatDuration(attempt.durationMs)}</td><td class="small">${attempt.error ?? ''}</td></tr>`,
                  )}</tbody></table></div>`
                : html`<p class="muted small">${t('No upstream was tried.')}</p>`
            }
            ${record.notes ? html`<h3>${t('Dropped in translation')}</h3><p class="small">${record.notes}</p>` : nothing}
            ${record.errorTrace ? html`<h3>${t('Error trace')}</h3><pre class="trace">${record.errorTrace}</pre>` : nothing}`
          : this.detailError
            ? nothing
            : html`<p class="muted">${t('Loading…')}</p>`
      }
    </dialog>`
  }

  override render() {
    const items = this.page?.items ?? []
    const storageOff = this.error instanceof ApiError && this.error.kind === 'storage-off'
    return html`<h1>${t('Logs')}</h1>
      ${this.renderFilters()}
      ${
        storageOff
          ? html`<div class="card empty">${t('The request log is off (storage is disabled). Set DATABASE_URL or storage in the config.')}</div>`
          : this.error
            ? html`<p class="error" role="alert">${t('Could not load the logs: {message}', { message: this.error.message })}</p>`
            : nothing
      }
      ${
        this.page && items.length === 0
          ? html`<div class="card empty">${this.cursors.length > 1 ? t('No more requests.') : t('No request matches. Send traffic to pinai, or widen the filters.')}</div>`
          : nothing
      }
      ${
        items.length
          ? html`<section class="card">${this.renderTable(items)}
          <div class="pager">
            ${this.loading ? html`<span class="muted small" role="status">${t('Loading…')}</span>` : nothing}
            <button ?disabled=${this.cursors.length <= 1} @click=${() => this.turn(false)}>${t('Newer')}</button>
            <button ?disabled=${!this.page?.nextCursor} @click=${() => this.turn(true)}>${t('Older')}</button>
          </div></section>`
          : nothing
      }
      ${this.renderDetail()}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-logs': PinaiLogs
  }
}

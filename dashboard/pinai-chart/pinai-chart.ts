import { ResizeController } from '@lit-labs/observers/resize-controller.js'
import { html, LitElement, type PropertyValues } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import uPlot from 'uplot'
import { onLocaleChange } from '../i18n/locale.ts'
import { t } from '../i18n/translate.ts'
import { formatAxisTime, formatDateTime } from '../i18n/format.ts'
import { chartStyles } from './pinai-chart.styles.ts'

/** One line of a chart: its label, the theme colour property it is drawn in, a value per time. */
export interface ChartSeries {
  label: string
  /** A CSS custom property of the theme, such as `--pinai-chart-1`. */
  color: string
  values: (number | null)[]
}

const HEIGHT = 220

/** A time chart (uPlot) sized to its box, in the theme's colours, with times in the browser's zone. */
@customElement('pinai-chart')
export class PinaiChart extends LitElement {
  static override styles = chartStyles

  /** Start of each bucket, ms since the epoch. */
  @property({ attribute: false }) accessor times: number[] = []
  @property({ attribute: false }) accessor series: ChartSeries[] = []
  /** How the y axis and the legend show a value. */
  @property({ attribute: false }) accessor format: (value: number) => string = String
  @property() accessor label = ''
  @query('.plot') accessor box!: HTMLDivElement

  private plot: uPlot | undefined
  private stopLocale: (() => void) | undefined
  private readonly dark = matchMedia('(prefers-color-scheme: dark)')
  private readonly redraw = () => this.draw()
  // Redraws at the new width when the card is resized (window, phone rotation).
  protected readonly size = new ResizeController(this, { callback: () => this.resize() })

  override connectedCallback(): void {
    super.connectedCallback()
    this.stopLocale = onLocaleChange(this.redraw)
    this.dark.addEventListener('change', this.redraw)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stopLocale?.()
    this.dark.removeEventListener('change', this.redraw)
    this.plot?.destroy()
    this.plot = undefined
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('times') || changed.has('series') || changed.has('format')) this.draw()
  }

  private resize(): void {
    const width = this.box?.clientWidth ?? 0
    if (this.plot && width > 0 && Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: HEIGHT })
  }

  private draw(): void {
    this.plot?.destroy()
    this.plot = undefined
    const width = this.box?.clientWidth ?? 0
    if (!this.box || width === 0 || this.times.length === 0) return
    const style = getComputedStyle(this)
    const color = (name: string) => style.getPropertyValue(name).trim() || '#888'
    const span = (this.times.at(-1) ?? 0) - (this.times[0] ?? 0)
    const axis = {
      stroke: color('--pinai-muted'),
      grid: { stroke: color('--pinai-border'), width: 1 },
      ticks: { stroke: color('--pinai-border'), width: 1 },
    }
    const options: uPlot.Options = {
      width,
      height: HEIGHT,
      title: undefined,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_plot, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { ...axis, values: (_plot, splits) => splits.map((seconds) => formatAxisTime(seconds * 1000, span)) },
        { ...axis, size: 60, values: (_plot, splits) => splits.map((value) => this.format(value)) },
      ],
      series: [
        { label: t('Time'), value: (_plot, seconds) => (seconds === null ? '—' : formatDateTime(seconds * 1000)) },
        ...this.series.map((line) => ({
          label: line.label,
          stroke: color(line.color),
          width: 2,
          spanGaps: false,
          // Sparse series (TTFT has no value in buckets without streams) need points: a lone value draws no line.
          points: { show: this.times.length < 40 || line.values.includes(null), size: 5 },
          value: (_plot: uPlot, value: number | null) => (value === null ? '—' : this.format(value)),
        })),
      ],
    }
    const data: uPlot.AlignedData = [this.times.map((time) => time / 1000), ...this.series.map((line) => line.values)]
    this.plot = new uPlot(options, data, this.box)
  }

  override render() {
    return html`<div class="plot" role="img" aria-label=${this.label}></div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pinai-chart': PinaiChart
  }
}

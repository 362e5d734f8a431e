import { currentLocale } from './locale.ts'

// Numbers and times in the chosen language; times in the browser's own time zone (Intl's default).

/** `1.2k` / `1.2万`: counts that can grow large. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat(currentLocale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}

/** `1,520`: an exact count. */
export function formatInteger(value: number): string {
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 }).format(value)
}

/** `1.25`: a rate with at most two decimals. */
export function formatDecimal(value: number): string {
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 2 }).format(value)
}

/** `98.5%`; a dash when there is nothing to rate. */
export function formatPercent(value: number | null): string {
  if (value === null) return '—'
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(value)
}

/** `350 ms`, `1.2 s`; a dash when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  const locale = currentLocale()
  if (ms < 1000)
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(ms)
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', maximumFractionDigits: 1 }).format(ms / 1000)
}

/** Date and time of a moment, short, in the browser's time zone. */
export function formatDateTime(time: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'medium' }).format(time)
}

/** Time of day only (today's events). */
export function formatTime(time: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'medium' }).format(time)
}

/** An axis label for a chart's time: hours and minutes within a day, the day beyond. */
export function formatAxisTime(time: number, spanMs: number): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs > 2 * 86_400_000 ? { month: 'numeric', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' }
  return new Intl.DateTimeFormat(currentLocale(), options).format(time)
}

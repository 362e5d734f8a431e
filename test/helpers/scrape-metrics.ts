import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format'

/** A parsed `/metrics` answer: families by name, and a sum over the samples whose labels match. */
export interface Scrape {
  families: Map<string, ParsedFamily>
  /** The sum of a counter's or gauge's samples whose labels include `labels`. */
  sum(name: string, labels?: Record<string, string>): number
  /** The summed `_count` of a histogram's series whose labels include `labels` (0 when none). */
  histogramCount(name: string, labels?: Record<string, string>): number
}

const matches = (have: Record<string, string> | undefined, want: Record<string, string>) =>
  Object.entries(want).every(([key, value]) => have?.[key] === value)

/** Parses a Prometheus text exposition with a real parser (it throws on malformed text). */
export function parseScrape(text: string): Scrape {
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]))
  const samples = (name: string, labels: Record<string, string>) =>
    (families.get(name)?.metrics ?? []).filter((sample) => matches(sample.labels, labels))
  return {
    families,
    sum: (name, labels = {}) => samples(name, labels).reduce((total, sample) => total + Number(sample.value), 0),
    histogramCount(name, labels = {}) {
      // The parser folds every series of a labelled histogram into one (its prom2json shape), so the
      // `_count` samples are read on their own, as an untyped family, by the same parser.
      const counts = text
        .split('\n')
        .filter((line) => line.startsWith(`${name}_count{`) || line.startsWith(`${name}_count `))
      const family = parsePrometheusTextFormat(counts.join('\n') + '\n')[0]
      return (family?.metrics ?? [])
        .filter((sample) => matches(sample.labels, labels))
        .reduce((total, sample) => total + Number(sample.value), 0)
    },
  }
}

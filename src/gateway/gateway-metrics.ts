import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { channelStates, channelStatesOf, type Channel, type Health, type KeyLimits } from '../routing/index.ts'
import type { RecorderStatus } from '../store/index.ts'
import { countsAsCall, type RequestRecord } from '../store/request-record.ts'
import { recordOutcome } from './record-outcome.ts'

/** What {@link createGatewayMetrics} reads besides the records it is given. */
export interface GatewayMetricsOptions {
  health: Health
  /** The keys' budgets: a healthy channel whose key is at its limits is shown `limited`. */
  keyLimits?: KeyLimits
  /** The current config's channels, for the channel state gauge. */
  channels(): readonly Channel[]
  /** Whether a model name is one the current config exposes (other names share one label value). */
  knownModel(name: string): boolean
  /** The recorder's write path, when storage is on. */
  recorderStatus?: () => RecorderStatus
}

/** One gateway's Prometheus metrics, in a registry of its own. */
export interface GatewayMetrics {
  /** Counts one written request record. */
  observe(record: RequestRecord): void
  /**
   * A request found every channel at its limit and queued: the seconds it waited, and whether the
   * queue ended in its 429 (`channels_at_limit`) rather than a slot.
   */
  queued(model: string, waitedMs: number, refused: boolean): void
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>
  readonly contentType: string
}

// A name no config exposes is a client's free text: one label value for all of them keeps the series bounded.
const OTHER_MODEL = '(other)'
const NO_PROVIDER = '(none)'

/**
 * Builds the metrics of one gateway, fed from the request records as they are written (the one place a
 * request's final figures exist). `count_tokens` calls are not model calls: they are counted apart, in
 * `pinai_count_tokens_requests_total`, and stay out of every other request metric, as in the rollups.
 */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry()
  const registers = [registry]
  const requests = new Counter({
    name: 'pinai_requests_total',
    help: 'Client requests (model calls and embeddings) by outcome.',
    labelNames: ['model', 'provider', 'inbound', 'kind', 'outcome'],
    registers,
  })
  const countTokens = new Counter({
    name: 'pinai_count_tokens_requests_total',
    help: 'count_tokens calls (not model calls).',
    labelNames: ['inbound', 'outcome'],
    registers,
  })
  const duration = new Histogram({
    name: 'pinai_request_duration_seconds',
    help: 'Time from the request to the end of its answer.',
    labelNames: ['model', 'provider', 'inbound'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers,
  })
  const ttft = new Histogram({
    name: 'pinai_time_to_first_token_seconds',
    help: 'Time to the first content byte of the attempt that answered (failover time excluded).',
    labelNames: ['model', 'provider'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers,
  })
  const tokens = new Counter({
    name: 'pinai_tokens_total',
    help: 'Tokens the upstreams reported.',
    labelNames: ['model', 'provider', 'type'],
    registers,
  })
  const failovers = new Counter({
    name: 'pinai_failovers_total',
    help: 'Upstream attempts beyond the first of a request.',
    labelNames: ['model', 'inbound'],
    registers,
  })
  new Gauge({
    name: 'pinai_channel_state',
    help: 'Each channel (provider, key, model) in its routing state: 1 for the state it is in, 0 for the others.',
    labelNames: ['provider', 'key', 'model', 'upstream_model', 'state'],
    registers,
    collect() {
      this.reset()
      for (const row of channelStatesOf(options.health, options.keyLimits, options.channels())) {
        for (const state of channelStates)
          this.set(
            { provider: row.provider, key: row.keyLabel, model: row.name, upstream_model: row.upstreamModel, state },
            row.state === state ? 1 : 0,
          )
      }
    },
  })
  const queueWait = new Histogram({
    name: 'pinai_queue_wait_seconds',
    help: 'Time a request waited for a key under its limits, when every channel was at its limit.',
    labelNames: ['model'],
    buckets: [0, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
    registers,
  })
  const queueRefused = new Counter({
    name: 'pinai_queue_refused_total',
    help: 'Requests answered 429 (channels_at_limit) because every channel stayed at its limit.',
    labelNames: ['model'],
    registers,
  })
  if (options.recorderStatus) addRecorderMetrics(registry, options.recorderStatus)

  const knownLabel = (name: string) => (options.knownModel(name) ? name : OTHER_MODEL)
  const modelLabel = (record: RequestRecord) => knownLabel(record.mappedModel)
  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    queued(model, waitedMs, refused) {
      queueWait.observe({ model: knownLabel(model) }, Math.max(0, waitedMs) / 1000)
      if (refused) queueRefused.inc({ model: knownLabel(model) })
    },
    observe(record) {
      const outcome = recordOutcome(record)
      if (!countsAsCall(record.kind)) {
        countTokens.inc({ inbound: record.inbound, outcome })
        return
      }
      const model = modelLabel(record)
      const provider = record.provider ?? NO_PROVIDER
      requests.inc({ model, provider, inbound: record.inbound, kind: record.kind ?? 'generate', outcome })
      duration.observe({ model, provider, inbound: record.inbound }, record.durationMs / 1000)
      if (record.ttftMs !== undefined) ttft.observe({ model, provider }, record.ttftMs / 1000)
      if (record.promptTokens) tokens.inc({ model, provider, type: 'prompt' }, record.promptTokens)
      if (record.completionTokens) tokens.inc({ model, provider, type: 'completion' }, record.completionTokens)
      if (record.attempts.length > 1) failovers.inc({ model, inbound: record.inbound }, record.attempts.length - 1)
    },
  }
}

/** The recorder's buffer (a gauge) and its drops by cause (a counter that follows the recorder's own count). */
function addRecorderMetrics(registry: Registry, status: () => RecorderStatus): void {
  new Gauge({
    name: 'pinai_recorder_pending_records',
    help: 'Request records buffered or being written to the store.',
    registers: [registry],
    collect() {
      this.set(status().pending)
    },
  })
  const counted = new Map<string, number>()
  new Counter({
    name: 'pinai_recorder_dropped_records_total',
    help: 'Request records the recorder dropped (buffer full while the store was down or slow, or after close).',
    labelNames: ['cause'],
    registers: [registry],
    collect() {
      for (const [cause, total] of Object.entries(status().droppedBy)) {
        const delta = total - (counted.get(cause) ?? 0)
        counted.set(cause, total)
        // Zero is set too, so the series exists before the first drop.
        this.inc({ cause }, Math.max(0, delta))
      }
    },
  })
}

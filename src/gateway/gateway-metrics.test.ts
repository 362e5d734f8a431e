import { describe, expect, it } from 'vitest'
import { createHealth, createRoutingTable } from '../routing/index.ts'
import { fakeClock, statusError, testConfig } from '../routing/test-support.ts'
import type { RecorderStatus } from '../store/index.ts'
import type { RequestRecord } from '../store/request-record.ts'
import { createGatewayMetrics } from './gateway-metrics.ts'

const config = testConfig({
  providers: [
    { name: 'relay', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', keys: ['k1', 'k2'], models: ['m'] },
  ],
})
const record = (extra: Partial<RequestRecord> = {}): RequestRecord => ({
  id: 'id',
  time: 0,
  client: 'default',
  inbound: 'openai',
  requestedModel: 'm',
  mappedModel: 'm',
  provider: 'relay',
  upstreamModel: 'm',
  stream: false,
  status: 200,
  success: true,
  durationMs: 100,
  attempts: [{ provider: 'relay', keyLabel: 'relay#1', upstreamModel: 'm', status: 200, durationMs: 90 }],
  ...extra,
})

function setup(status?: () => RecorderStatus) {
  const clock = fakeClock()
  const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
  const table = createRoutingTable(config)
  const metrics = createGatewayMetrics({
    health,
    channels: () => table.all(),
    knownModel: (name) => table.channels(name).length > 0,
    ...(status ? { recorderStatus: status } : {}),
  })
  return { metrics, health, table }
}

/** The value of one sample line, found by its exact name and labels. */
const sample = (text: string, series: string) =>
  text
    .split('\n')
    .find((line) => line.startsWith(`${series} `))
    ?.slice(series.length + 1)

describe('createGatewayMetrics', () => {
  it('keeps count_tokens calls out of the request metrics and counts them apart', async () => {
    const { metrics } = setup()
    metrics.observe(record({ kind: 'count_tokens', promptTokens: 50 }))
    const text = await metrics.render()
    expect(text).not.toContain('pinai_requests_total{')
    expect(text).not.toContain('pinai_tokens_total{')
    expect(sample(text, 'pinai_count_tokens_requests_total{inbound="openai",outcome="success"}')).toBe('1')
  })

  it('puts names the config does not expose under one label value', async () => {
    const { metrics } = setup()
    for (let index = 0; index < 20; index += 1)
      metrics.observe(
        record({
          requestedModel: `junk-${index}`,
          mappedModel: `junk-${index}`,
          status: 404,
          success: false,
          attempts: [],
        }),
      )
    const { provider: _provider, ...unrouted } = record()
    metrics.observe({ ...unrouted, status: 503, success: false, attempts: [] })
    const text = await metrics.render()
    expect(text).not.toContain('junk-')
    expect(
      sample(
        text,
        'pinai_requests_total{model="(other)",provider="relay",inbound="openai",kind="generate",outcome="error"}',
      ),
    ).toBe('20')
    expect(
      sample(
        text,
        'pinai_requests_total{model="m",provider="(none)",inbound="openai",kind="generate",outcome="error"}',
      ),
    ).toBe('1')
  })

  it('shows each channel in its state, one row per key', async () => {
    const { metrics, health, table } = setup()
    const [first] = table.channels('m')
    health.onFailure(first!, statusError(500, 'relay'))
    const text = await metrics.render()
    expect(
      sample(text, 'pinai_channel_state{provider="relay",key="relay#1",model="m",upstream_model="m",state="cooling"}'),
    ).toBe('1')
    expect(
      sample(text, 'pinai_channel_state{provider="relay",key="relay#1",model="m",upstream_model="m",state="ok"}'),
    ).toBe('0')
    expect(
      sample(text, 'pinai_channel_state{provider="relay",key="relay#2",model="m",upstream_model="m",state="ok"}'),
    ).toBe('1')
  })

  it('counts the queue: each wait observed in seconds, the 429s apart, unknown names under one label', async () => {
    const { metrics } = setup()
    metrics.queued('m', 1500, false)
    metrics.queued('m', 3000, true)
    metrics.queued('junk', 0, true)
    const text = await metrics.render()
    expect(sample(text, 'pinai_queue_wait_seconds_count{model="m"}')).toBe('2')
    expect(sample(text, 'pinai_queue_wait_seconds_sum{model="m"}')).toBe('4.5')
    expect(sample(text, 'pinai_queue_refused_total{model="m"}')).toBe('1')
    expect(sample(text, 'pinai_queue_refused_total{model="(other)"}')).toBe('1')
    expect(text).not.toContain('junk')
  })

  it("follows the recorder's buffer and its drops, which only go up", async () => {
    let status: RecorderStatus = {
      pending: 7,
      dropped: 3,
      droppedBy: { 'store-down': 3, 'store-slow': 0, closed: 0 },
      storeDown: true,
      storeSlow: false,
    }
    const { metrics } = setup(() => status)
    let text = await metrics.render()
    expect(sample(text, 'pinai_recorder_pending_records')).toBe('7')
    expect(sample(text, 'pinai_recorder_dropped_records_total{cause="store-down"}')).toBe('3')
    expect(sample(text, 'pinai_recorder_dropped_records_total{cause="closed"}')).toBe('0')
    status = { ...status, pending: 0, dropped: 5, droppedBy: { 'store-down': 5, 'store-slow': 0, closed: 0 } }
    text = await metrics.render()
    expect(sample(text, 'pinai_recorder_pending_records')).toBe('0')
    expect(sample(text, 'pinai_recorder_dropped_records_total{cause="store-down"}')).toBe('5')
  })
})

import type { Channel } from './channel.ts'
import type { ChannelHealth, Health, HealthState } from './health.ts'
import type { KeyLimits } from './key-limits.ts'

/**
 * How a channel stands for routing: its health, or `limited` when it is healthy but its key is at one
 * of its `providers[].limits` or held back by its upstream's rate-limit headers (skipped until then).
 */
export type ChannelState = HealthState | 'limited'

/** Every state a channel can be in, in the order the metrics list them. */
export const channelStates: readonly ChannelState[] = ['ok', 'cooling', 'half-open', 'limited']

/**
 * A row of {@link channelStatesOf}: the health row, its state widened to {@link ChannelState}; when
 * `limited`, `until` is when the key's windows have room and its hold ends, absent when unknown (a
 * full concurrency budget frees when an attempt ends).
 */
export interface ChannelStatus extends Omit<ChannelHealth, 'state'> {
  state: ChannelState
}

/** Each channel's health row, a healthy one at its key's limits shown as `limited` (the admin API, the metrics). */
export function channelStatesOf(
  health: Health,
  keyLimits: KeyLimits | undefined,
  channels: readonly Channel[],
): ChannelStatus[] {
  const rows: ChannelStatus[] = health.snapshot(channels)
  if (!keyLimits) return rows
  // The snapshot has one row per given channel, in their order.
  rows.forEach((row, index) => {
    const channel = channels[index]
    if (row.state !== 'ok' || !channel || keyLimits.isAvailable(channel)) return
    row.state = 'limited'
    const until = keyLimits.readyAt(channel)
    if (until > 0) row.until = until
  })
  return rows
}

import type { RoutingSettings } from '../routing/index.ts'
import type { UpstreamResponse } from '../upstream/http-client.ts'
import type { AttemptControl } from './attempt-scope.ts'
import { readRateLimitHeaders } from './read-rate-limit-headers.ts'

/**
 * The `onResponse` of an attempt's upstream call: holds the attempt's key back for as long as the
 * answer's rate-limit headers ask, at most `cooldownMax` (as a `Retry-After` is honoured), so that a
 * hostile upstream cannot park a key for days. Undefined when the failover loop gave no way to hold.
 */
export function heedRateLimits(
  control: AttemptControl,
  settings: RoutingSettings,
): ((response: UpstreamResponse) => void) | undefined {
  const holdKey = control.holdKey
  if (!holdKey) return undefined
  return (response) => {
    const waitMs = readRateLimitHeaders(response.headers, response.status, Date.now())
    if (waitMs !== undefined) holdKey(Math.min(waitMs, settings.cooldownMax))
  }
}

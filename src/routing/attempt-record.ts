import type { ErrorKind, GatewayError } from '../ir/errors.ts'
import type { Channel } from './channel.ts'
import { redactKey } from './redact-key.ts'

/**
 * One upstream attempt made while serving a client request (a failover chain has several): routing makes
 * it, the request's record carries it, the store keeps it.
 */
export interface AttemptRecord {
  provider: string
  /** A label for the key (`relay-a#1`), never the key itself. */
  keyLabel: string
  upstreamModel: string
  /** HTTP status from the upstream, or 0 when none came (network error, timeout, abort). */
  status: number
  /** The error kind when the attempt failed. */
  errorClass?: ErrorKind
  error?: string
  durationMs: number
}

/** The upstream's HTTP status behind an error, or 0 when none came (network, our own timeouts, abort). */
export function upstreamStatusOf(error: GatewayError): number {
  if (error.kind === 'network' || error.kind === 'aborted' || error.kind === 'internal') return 0
  if (error.kind === 'timeout' && error.status !== 408) return 0
  return error.status
}

/** The log line of one attempt: provider, key label (never the key), upstream model, outcome. */
export function attemptRecordOf(channel: Channel, durationMs: number, error?: GatewayError): AttemptRecord {
  const { provider, keyLabel, upstreamModel } = channel
  if (!error) return { provider: provider.name, keyLabel, upstreamModel, durationMs, status: 200 }
  return {
    provider: provider.name,
    keyLabel,
    upstreamModel,
    durationMs,
    status: upstreamStatusOf(error),
    errorClass: error.kind,
    error: redactKey(error.message, channel.key),
  }
}

import { GatewayError } from '../ir/errors.ts'

/** Parses an upstream's JSON answer; a body that is not JSON is the upstream's fault (502, fails over). */
export function parseUpstreamJson(bytes: Buffer, provider: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new GatewayError({ kind: 'upstream', status: 502, provider, code: 'invalid_upstream_json', message: `${provider} answered with a body that is not JSON` })
  }
}

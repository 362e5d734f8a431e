import { GatewayError, upstreamStatusError } from '../../ir/errors.ts'
import { redactSecrets } from './redact-secrets.ts'

/** Options of one model-list request. */
export interface GetJsonOptions {
  provider: string
  headers: Record<string, string>
  timeoutMs: number
  /** Values to scrub from any error text (the key in use). */
  secrets: readonly string[]
  fetch?: typeof fetch
  signal?: AbortSignal
}

/** The message an upstream put in its error body, in any of the three protocols' shapes. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown }
    if (typeof body.error === 'string') return body.error
    if (typeof body.error?.message === 'string') return body.error.message
    if (typeof body.message === 'string') return body.message
  } catch {
    // not JSON: fall through to the text itself
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200)
}

/**
 * GETs a JSON document. Failures become {@link GatewayError}s whose messages say what happened
 * (status and the upstream's own words, timeout, connection) and never contain a secret.
 */
export async function getJson(url: string, options: GetJsonOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const clean = (text: string) => redactSecrets(text, options.secrets)
  let response: Response
  try {
    response = await (options.fetch ?? fetch)(url, { headers: options.headers, signal })
  } catch (error) {
    if (timeout.aborted) {
      throw new GatewayError({
        kind: 'timeout',
        status: 504,
        provider: options.provider,
        message: `no answer within ${options.timeoutMs / 1000}s`,
      })
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const reason = cause?.code ?? cause?.message ?? (error as Error).message
    throw new GatewayError({
      kind: 'network',
      status: 502,
      provider: options.provider,
      message: clean(`cannot connect: ${reason}`),
    })
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) {
    const detail = clean(errorMessage(text))
    throw upstreamStatusError({
      status: response.status,
      provider: options.provider,
      message: `HTTP ${response.status}${detail ? `: ${detail}` : ''}`,
    })
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new GatewayError({
      kind: 'upstream',
      status: 502,
      provider: options.provider,
      message: 'the model list is not JSON',
    })
  }
}

import type { IncomingHttpHeaders } from 'node:http'
import type { PinaiConfig } from '../config/schema.ts'
import type { AbortLike } from '../ir/abort-latch.ts'
import type { UpstreamCall } from '../protocols/codec.ts'
import type { Codecs } from '../protocols/index.ts'
import type { Channel, Timeouts } from '../routing/index.ts'
import type { HttpClient, UpstreamResponse } from '../upstream/http-client.ts'
import { toUpstreamError } from '../upstream/http-client.ts'
import { upstreamHeaders } from '../upstream/upstream-headers.ts'
import type { UpstreamUrls } from '../upstream/upstream-urls.ts'
import { readBody } from './read-body.ts'

/** Converts Node's header object into a fetch `Headers`. */
export function toHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const item of value) result.append(name, item)
    else if (value !== undefined) result.set(name, value)
  }
  return result
}

/** Options of {@link callUpstream}. */
export interface CallOptions {
  http: HttpClient
  config: PinaiConfig
  /** The config's parsed upstream URLs. */
  urls: UpstreamUrls
  channel: Channel
  call: UpstreamCall
  signal: AbortLike
  clientHeaders: Headers
  sameProtocol: boolean
  timeouts: Timeouts
  /** The gateway's codecs: the provider's decodes a refusal. */
  codecs: Codecs
  /** Sees every answer's status and headers as they arrive, a failure's too (its rate-limit headers). */
  onResponse?: (response: UpstreamResponse) => void
}

/** Sends one upstream request; a non-2xx answer is decoded by the provider's codec and thrown. */
export async function callUpstream(options: CallOptions): Promise<UpstreamResponse> {
  const { channel, call, config } = options
  const provider = channel.provider
  const headers = upstreamHeaders({
    protocol: provider.protocol,
    key: channel.key,
    userAgent: config.userAgent,
    clientHeaders: options.clientHeaders,
    sameProtocol: options.sameProtocol,
    extra: { ...call.headers, ...provider.headers },
  })
  const response = await options.http.request({
    url: options.urls.of(provider.protocol, provider.baseUrl, call.path),
    method: 'POST',
    headers,
    body: typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
    signal: options.signal,
    connectTimeout: options.timeouts.connect,
    headersTimeout: options.timeouts.firstByte,
    bodyTimeout: options.timeouts.idle,
    provider: provider.name,
  })
  options.onResponse?.(response)
  if (response.status >= 200 && response.status < 300) return response
  let text = ''
  try {
    // An error's body says why; a megabyte of it is plenty.
    text = (
      await readBody(response.body, { limit: 1024 * 1024, provider: provider.name, idleMs: options.timeouts.idle })
    ).toString('utf8')
  } catch (error) {
    throw toUpstreamError(error, provider.name, options.signal)
  }
  throw options.codecs[provider.protocol].decodeError(response.status, text, toHeaders(response.headers), provider.name)
}

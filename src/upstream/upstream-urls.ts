import { upstreamUrl, type UpstreamProtocol } from './base-url.ts'

/** The parsed upstream URLs of one loaded config. */
export interface UpstreamUrls {
  /** The URL of `path` on a provider, parsed once per config (the HTTP client only reads it). */
  of(protocol: UpstreamProtocol, baseUrl: string, path: string): URL
}

/** More than any config has (providers × models × paths): a bound against a pathological one, not a working size. */
const URL_LIMIT = 1_000

/**
 * Creates the URL cache a config's state holds: a handful of entries read on every request, dropped
 * with the config on a reload.
 */
export function createUpstreamUrls(): UpstreamUrls {
  const urls = new Map<string, URL>()
  return {
    of(protocol, baseUrl, path) {
      const key = `${protocol} ${baseUrl} ${path}`
      let url = urls.get(key)
      if (!url) {
        if (urls.size >= URL_LIMIT) urls.clear()
        url = new URL(upstreamUrl(protocol, baseUrl, path))
        urls.set(key, url)
      }
      return url
    },
  }
}

import { upstreamUrl, type UpstreamProtocol } from '../base-url.ts'
import { upstreamHeaders } from '../upstream-headers.ts'
import { getJson } from './get-json.ts'
import type { ModelListRequest } from './model-list-fetcher.ts'

/** GETs one page of a model list with the protocol's auth header (never the key in the URL). */
export function getModelPage(request: ModelListRequest, protocol: UpstreamProtocol, path: string): Promise<unknown> {
  const headers = upstreamHeaders({ protocol, key: request.key, userAgent: 'default', sameProtocol: false })
  delete headers['content-type']
  return getJson(upstreamUrl(protocol, request.baseUrl, path), {
    provider: request.provider,
    headers: { ...headers, accept: 'application/json', ...request.headers },
    timeoutMs: request.timeoutMs,
    secrets: request.key ? [request.key] : [],
    fetch: request.fetch,
    signal: request.signal,
  })
}

/** What one page gave: its ids, and the cursor of the next page when there is one. */
export interface ModelPage {
  ids: string[]
  next?: string
}

/** Follows a paginated model list page by page (at most `maxPages`, stopping on a repeated cursor). */
export async function collectModelPages(
  request: ModelListRequest,
  fetchPage: (cursor: string | undefined) => Promise<ModelPage>,
): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | undefined
  for (let page = 0; page < (request.maxPages ?? 50); page++) {
    const result = await fetchPage(cursor)
    ids.push(...result.ids)
    if (!result.next || result.next === cursor) break
    cursor = result.next
  }
  return ids
}

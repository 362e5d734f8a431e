import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool } from 'undici'

// Hop-by-hop headers (RFC 9110 §7.6.1) end at each hop; everything else is forwarded as is.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
])

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined && !hopByHop.has(name)) result[name] = value
  }
  return result
}

/**
 * The practical ceiling for a Node proxy on a machine: node:http in, an undici `Pool` out, bytes
 * forwarded both ways with no parsing. The benchmark's yardstick for pinai.
 */
export function createPlainProxy(upstream: string): { server: Server; pool: Pool } {
  const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 })
  const server = createServer((request, response) => {
    const controller = new AbortController()
    response.on('close', () => controller.abort())
    // Request bodies of chat APIs are small: read whole, then sent with their length in one write.
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
      const body = hasBody ? (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)) : null
      // undici's stream(): the upstream body is written straight into the client response, no Readable between.
      pool
        .stream(
          {
            path: request.url ?? '/',
            method: request.method as 'POST',
            headers: endToEnd(request.headers),
            body,
            signal: controller.signal,
          },
          ({ statusCode, headers }) => {
            response.writeHead(statusCode, endToEnd(headers))
            return response
          },
        )
        .catch(() => {
          if (response.headersSent) response.destroy()
          else response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')
        })
    })
  })
  return { server, pool }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const upstream = process.env.UPSTREAM_URL
  if (!upstream) throw new Error('UPSTREAM_URL is required')
  const { server } = createPlainProxy(upstream)
  server.keepAliveTimeout = 65_000
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`plain proxy listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })
}

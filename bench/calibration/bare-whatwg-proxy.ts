import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServerAdapter, Response } from '@whatwg-node/server'
import { Router } from 'itty-router'
import { Pool } from 'undici'

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length'])

/**
 * The calibration point: a bare @whatwg-node/server + itty-router passthrough that does nothing
 * but forward (undici `Pool`, the upstream body handed back as a Node `Readable`). pinai is built on
 * the same server layer, so this is the ceiling of that layer on the machine.
 */
export function createBareWhatwgProxy(upstream: string): Server {
  const pool = new Pool(upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 })
  const router = Router()
  router.post('*', async (request: Request) => {
    const url = new URL(request.url)
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => {
      if (!hopByHop.has(name)) headers[name] = value
    })
    const body = Buffer.from(await request.arrayBuffer())
    const answer = await pool.request({ path: url.pathname + url.search, method: 'POST', headers, body, signal: request.signal })
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string' && !hopByHop.has(name)) out[name] = value
    return new Response(answer.body as unknown as BodyInit, { status: answer.statusCode, headers: out })
  })
  return createServer(createServerAdapter((request: Request) => router.fetch(request)))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const upstream = process.env.UPSTREAM_URL
  if (!upstream) throw new Error('UPSTREAM_URL is required')
  const server = createBareWhatwgProxy(upstream)
  server.keepAliveTimeout = 65_000
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`bare whatwg proxy listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })
}

import { type Agent, request as httpRequest } from 'node:http'
import { tokenText } from '../mock/payloads.ts'
import type { BenchRequest } from '../scenarios.ts'

/** When the bytes of one streamed answer arrived, from the moment the request was sent (ms). */
export interface StreamTiming {
  /** First byte of the body. */
  firstByteMs: number
  /** Arrival of each token's text, in order (the mock's tokens are `t0 `, `t1 `, …). */
  tokenMs: number[]
  /** End of the body. */
  endMs: number
}

/**
 * Sends one streaming request and notes when each token's text arrives. Token text is plain ASCII
 * that every protocol's JSON carries unescaped, so this works through translation too.
 */
export function timeStream(request: BenchRequest, agent: Agent, tokens: number): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url)
    const body = Buffer.from(request.body)
    const started = performance.now()
    const timing: StreamTiming = { firstByteMs: -1, tokenMs: [], endMs: -1 }
    let text = ''
    let searchFrom = 0
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        agent,
        headers: { ...request.headers, 'content-length': body.length },
      },
      (response) => {
        if ((response.statusCode ?? 0) >= 300) {
          response.resume()
          reject(new Error(`${request.url} answered ${response.statusCode}`))
          return
        }
        response.on('data', (chunk: Buffer) => {
          const now = performance.now() - started
          if (timing.firstByteMs < 0) timing.firstByteMs = now
          text += chunk.toString('latin1')
          while (timing.tokenMs.length < tokens) {
            const at = text.indexOf(tokenText(timing.tokenMs.length), searchFrom)
            if (at < 0) break
            timing.tokenMs.push(now)
            searchFrom = at
          }
        })
        response.on('end', () => {
          timing.endMs = performance.now() - started
          if (timing.tokenMs.length < tokens)
            reject(new Error(`${request.url}: saw ${timing.tokenMs.length} of ${tokens} tokens`))
          else resolve(timing)
        })
        response.on('error', reject)
      },
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

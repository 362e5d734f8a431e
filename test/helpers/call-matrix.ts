import type { TestGateway } from './gateway.ts'

/** How a test reaches the gateway: its fetch handler directly, or a real socket on 127.0.0.1. */
export type CallMode = 'fetch handler' | 'real server'

/** Both modes, for `describe.each`. */
export const callModes: CallMode[] = ['fetch handler', 'real server']

/** Sends a request to the gateway in the given mode. */
export function caller(mode: CallMode, target: TestGateway) {
  return (path: string, init: RequestInit = {}): Promise<Response> => {
    if (mode === 'real server') return fetch(`${target.url}${path}`, init)
    return target.gateway.fetch(new Request(`http://localhost${path}`, init))
  }
}

/** JSON POST init with optional headers. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

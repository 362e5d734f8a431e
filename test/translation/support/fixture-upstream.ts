import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startMockUpstream, type MockUpstream, type SeenRequest } from '../../helpers/mock-upstream.ts'
import { scenarios, type Scenario } from './scenarios.ts'

/** The upstream protocols. */
export type UpstreamProtocol = 'openai' | 'anthropic' | 'gemini' | 'openai-responses'

/** The real model each upstream protocol's fixtures come from; an upstream id is `<base>--<scenario>`. */
export const upstreamBase: Record<UpstreamProtocol, string> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-4-5-20250929',
  gemini: 'gemini-2.5-flash',
  'openai-responses': 'gpt-5-mini',
}

const folder = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'e2e')

/** A recorded answer: the JSON body, or the SSE transcript split into its events (as the upstream wrote them). */
function fixture(
  protocol: UpstreamProtocol,
  scenario: Scenario,
  stream: boolean,
): { json: unknown } | { sse: string[] } {
  const path = join(folder, protocol, `${scenario}.${stream ? 'sse' : 'json'}`)
  const text = readFileSync(path, 'utf8')
  if (!stream) return { json: JSON.parse(text) as unknown }
  return { sse: text.split(/(?<=\r?\n\r?\n)/).filter((event) => event.trim()) }
}

const protocolOfPath: Record<string, UpstreamProtocol> = {
  '/v1/chat/completions': 'openai',
  '/v1/messages': 'anthropic',
  '/v1/responses': 'openai-responses',
}

/** Which protocol, scenario and mode a request to the mock is, from its path and body. */
export function classify(
  request: SeenRequest,
): { protocol: UpstreamProtocol; scenario: Scenario; stream: boolean } | undefined {
  const gemini = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)/.exec(request.path)
  const body = request.body as { model?: string; stream?: boolean } | undefined
  const protocol = gemini ? 'gemini' : protocolOfPath[request.path]
  const model = gemini ? gemini[1] : body?.model
  const scenario = scenarios.find((name) => model === `${protocol ? upstreamBase[protocol] : ''}--${name}`)
  if (!protocol || !scenario) return undefined
  return { protocol, scenario, stream: gemini ? gemini[2] === 'streamGenerateContent' : body?.stream === true }
}

/** One local upstream that answers every protocol and scenario from `fixtures/e2e/`. */
export function startFixtureUpstream(): Promise<MockUpstream> {
  return startMockUpstream((request) => {
    const match = classify(request)
    if (!match) return { status: 404, json: { error: { message: `no fixture for ${request.path}` } } }
    const answer = fixture(match.protocol, match.scenario, match.stream)
    return 'sse' in answer ? { sse: answer.sse, delayMs: 1 } : answer
  })
}

/** The providers of a gateway config exposing `<protocol>-<scenario>` for every pair. */
export function fixtureProviders(origin: string) {
  const entry = (protocol: UpstreamProtocol) =>
    scenarios.map((scenario) => ({ id: `${upstreamBase[protocol]}--${scenario}`, name: `${protocol}-${scenario}` }))
  return [
    { name: 'oa', protocol: 'openai', baseUrl: `${origin}/v1`, keys: ['sk-oa-e2e'], models: entry('openai') },
    { name: 'an', protocol: 'anthropic', baseUrl: origin, keys: ['sk-ant-e2e'], models: entry('anthropic') },
    { name: 'ge', protocol: 'gemini', baseUrl: origin, keys: ['gemini-e2e'], models: entry('gemini') },
    {
      name: 're',
      protocol: 'openai-responses',
      baseUrl: `${origin}/v1`,
      keys: ['sk-re-e2e'],
      models: entry('openai-responses'),
    },
  ]
}

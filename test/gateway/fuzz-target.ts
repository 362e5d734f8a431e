import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'
import { startScriptedUpstream } from '../routing/scripted-upstream.ts'

/** How many mutated requests are in flight at once. */
export const FUZZ_CONCURRENCY = 16

/** The gateway the fuzz suites send mutated requests to, and the scripted upstream behind it. */
export interface FuzzTarget {
  target: TestGateway
  close(): Promise<void>
}

/** A gateway with one OpenAI and one Anthropic provider on the scripted upstream, one attempt per request. */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const upstream: MockUpstream = await startScriptedUpstream()
  const model = (protocol: string, name: string) => ({
    name: `${protocol}-${name}`,
    protocol,
    baseUrl: protocol === 'openai' ? `${upstream.url}/v1` : upstream.url,
    keys: ['sk-fuzz-upstream-key'],
    models: [{ id: `burst@${name}`, name }],
  })
  const target = await startGateway(
    {
      auth: { tokens: ['client-token'] },
      routing: { keepAliveInterval: 0, maxAttempts: 1 },
      providers: [model('openai', 'to-openai'), model('anthropic', 'to-anthropic')],
    },
    { logger: quietLogger },
  )
  return {
    target,
    async close() {
      await target.close()
      await upstream.close()
    },
  }
}

/**
 * Sends every sample through `check`, {@link FUZZ_CONCURRENCY} at a time, and gives back the problems it
 * reported (it stops after five: one is enough to fail, five show a pattern).
 */
export async function findProblems<T>(
  samples: readonly T[],
  check: (sample: T) => Promise<string | undefined>,
): Promise<string[]> {
  const problems: string[] = []
  let next = 0
  const worker = async () => {
    while (next < samples.length && problems.length < 5) {
      const problem = await check(samples[next++] as T)
      if (problem !== undefined) problems.push(problem)
    }
  }
  await Promise.all(Array.from({ length: FUZZ_CONCURRENCY }, worker))
  return problems
}

import { describe, expect, it } from 'vitest'
import { validateConfig } from '../../src/config/validate-config.ts'
import { createGateway } from '../../src/gateway/server.ts'
import { openStats } from '../../src/cli/open-stats.ts'
import { postJson } from '../helpers/call-matrix.ts'
import { jsonFixture } from '../helpers/fixtures.ts'
import { staticHolder } from '../helpers/gateway.ts'
import { startMockUpstream } from '../helpers/mock-upstream.ts'

describe('a dead database', () => {
  it('does not stop pinai from starting or serving; the log says what is wrong', async () => {
    const upstream = await startMockUpstream(() => ({ json: jsonFixture('passthrough/openai-chat.json') }))
    const input = {
      storage: 'postgres://postgres@127.0.0.1:1/test',
      providers: [{ name: 'oa', protocol: 'openai', baseUrl: `${upstream.url}/v1`, models: ['gpt-4o'] }],
    }
    const { config } = validateConfig(input)
    const warnings: string[] = []
    const logger = {
      info: () => undefined,
      warn: (message: string) => warnings.push(message),
      error: (message: string) => warnings.push(message),
    }
    const stats = await openStats(config!, logger)
    const gateway = createGateway({ holder: staticHolder(input), stats, logger })
    const { url } = await gateway.listen(0, '127.0.0.1')
    try {
      expect(warnings.join('\n')).toMatch(/database unavailable/)
      expect(warnings.join('\n')).not.toMatch(/postgres:\/\/postgres@/)
      for (let index = 0; index < 3; index += 1) {
        const response = await fetch(
          `${url}/openai/v1/chat/completions`,
          postJson({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
        )
        expect(response.status).toBe(200)
      }
      await stats.recorder.flush()
      expect(stats.recorder.status().storeDown).toBe(true)
      expect(stats.recorder.status().pending).toBe(3)
      const logs = await fetch(`${url}/api/logs`)
      expect(logs.status).toBeGreaterThanOrEqual(500)
      expect(((await logs.json()) as { error: { message: string } }).error.message).toMatch(/not connected/)
    } finally {
      await gateway.close()
      await stats.close()
      await upstream.close()
    }
  })
})

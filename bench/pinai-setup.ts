import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { models } from './scenarios.ts'

/** A throwaway directory with a pinai config that points every protocol at the bench mock. */
export interface PinaiSetup {
  dir: string
  configFile: string
  /** The client token (random per run; passed through the environment, never written). */
  token: string
  /** What `pinai serve` needs in its environment: the token, the upstream key, DATABASE_URL. */
  env: Record<string, string>
  remove(): void
}

/** Writes the config: one provider per protocol, auth on, the sql.js request log in the directory. */
export function createPinaiSetup(mockUrl: string): PinaiSetup {
  const dir = mkdtempSync(join(tmpdir(), 'pinai-bench-'))
  const configFile = join(dir, 'pinai.config.ts')
  const ids = (prefix: string) => JSON.stringify(Object.values(models).map((spec) => `${prefix}${spec}`))
  writeFileSync(
    configFile,
    `// Written by bench/pinai-setup.ts for one benchmark run.
export default {
  auth: { tokens: ['\${BENCH_TOKEN}'] },
  providers: [
    { name: 'mock-openai', protocol: 'openai', baseUrl: '${mockUrl}/v1', keys: ['\${BENCH_UPSTREAM_KEY}'], models: ${ids('bench-')} },
    { name: 'mock-anthropic', protocol: 'anthropic', baseUrl: '${mockUrl}', keys: ['\${BENCH_UPSTREAM_KEY}'], models: ${ids('claude-bench-')} },
    { name: 'mock-gemini', protocol: 'gemini', baseUrl: '${mockUrl}', keys: ['\${BENCH_UPSTREAM_KEY}'], models: ${ids('gemini-bench-')} },
  ],
}
`,
  )
  const token = `bench-${randomBytes(12).toString('hex')}`
  return {
    dir,
    configFile,
    token,
    env: {
      BENCH_TOKEN: token,
      BENCH_UPSTREAM_KEY: 'sk-bench-upstream',
      DATABASE_URL: `sqlite:${join(dir, 'pinai.db')}`,
      HOST: '127.0.0.1',
      PORT: '0',
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HEAP_GROWING_PERCENT } from '../../src/cli/tune-heap.ts'
import { startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'pinai-heap-'))
let pinai: PinaiProcess | undefined

afterAll(async () => {
  await pinai?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('pinai serve', () => {
  it('sets the heap growing step that keeps its memory under the ceiling (src/cli/tune-heap.ts)', async () => {
    writeFileSync(
      join(dir, 'pinai.config.ts'),
      `export default { providers: [{ name: 'up', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: ['m'] }] }\n`,
    )
    const recorder = join(import.meta.dirname, '..', 'helpers', 'record-v8-flags.mjs')
    pinai = await startPinai(['--config', join(dir, 'pinai.config.ts')], {
      cwd: dir,
      env: { DATABASE_URL: `sqlite:${join(dir, 'pinai.db')}`, NODE_OPTIONS: `--import ${recorder}` },
    })
    expect(pinai.output()).toContain(`v8 flag: --heap-growing-percent=${HEAP_GROWING_PERCENT}\n`)
  }, 30_000)
})

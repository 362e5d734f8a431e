import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'pinai-read-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Reads a config in a fresh process and says whether jiti's Babel was loaded to do it.
const reader = `
import { createRequire } from 'node:module'
const { readConfigModule } = await import(${JSON.stringify(new URL('./read-config-module.ts', import.meta.url).href)})
const value = await readConfigModule(process.argv[1])
const babel = Object.keys(createRequire(import.meta.url).cache).some((path) => path.endsWith('/jiti/dist/babel.cjs'))
console.log(JSON.stringify({ value, babel }))
`
function readInChild(name: string, source: string): { value: Record<string, unknown>; babel: boolean } {
  const file = join(dir, name)
  writeFileSync(file, source)
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', reader, file], {
    encoding: 'utf8',
  })
  return JSON.parse(output) as { value: Record<string, unknown>; babel: boolean }
}

describe('readConfigModule', () => {
  it('reads a TypeScript config importing pinai without loading Babel into the process', () => {
    const read = readInChild(
      'pinai.config.ts',
      `import { defineConfig } from 'pinai'
interface Extra { folder: string }
const extra: Extra = { folder: import.meta.dirname }
export default defineConfig({ providers: [], server: { port: 3100 }, ...{ note: extra.folder } })
`,
    )
    expect(read.value).toEqual({ providers: [], server: { port: 3100 }, note: dir })
    expect(read.babel).toBe(false)
  }, 30_000)

  it('reads a config with top-level await through Babel', () => {
    const read = readInChild(
      'await.config.ts',
      `const port: number = await Promise.resolve(3200)\nexport default { server: { port } }\n`,
    )
    expect(read.value).toEqual({ server: { port: 3200 } })
    expect(read.babel).toBe(true)
  }, 30_000)
})

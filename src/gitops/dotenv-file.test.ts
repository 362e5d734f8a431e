import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendDotenv, readDotenv } from './dotenv-file.ts'

let folder = ''
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pinai-dotenv-'))
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

describe('.env writing', () => {
  it('creates .env with mode 0600 and values that read back exactly', async () => {
    const file = join(folder, '.env')
    const values = [
      { name: 'A_KEY', value: 'sk-abc_123.XYZ' },
      { name: 'B_KEY', value: 'has #hash and space' },
      { name: 'C_KEY', value: "it's" },
      { name: 'D_KEY', value: `both ' and "` },
    ]
    await appendDotenv(file, values, 'added by pinai apply')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readDotenv(file)).toEqual(Object.fromEntries(values.map(({ name, value }) => [name, value])))
  })

  it('appends below what is there, keeping it', async () => {
    const file = join(folder, '.env')
    await writeFile(file, '# mine\nOPENAI_API_KEY=sk-old')
    await appendDotenv(file, [{ name: 'RELAY_A_KEY', value: 'sk-new' }], 'pinai import of relays.csv')
    expect(await readFile(file, 'utf8')).toBe(
      '# mine\nOPENAI_API_KEY=sk-old\n\n# pinai import of relays.csv\nRELAY_A_KEY=sk-new\n',
    )
    expect(await readDotenv(join(folder, 'missing.env'))).toEqual({})
  })
})

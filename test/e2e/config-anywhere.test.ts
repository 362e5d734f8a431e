import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { filesUnder } from '../helpers/files-under.ts'
import { runPinai } from '../helpers/pinai-process.ts'

const tsc = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsc')

describe('a config in any folder', () => {
  it('pinai init writes a config, .env, .env.example, .gitignore lines and editor types; check and tsc accept it', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'pinai-init-')), 'gateway')
    writeFileSync(`${folder}.keep`, '')
    const init = await runPinai(['init', folder])
    expect(init.code).toBe(0)
    expect(init.stdout).toMatch(/wrote\s+pinai\.config\.ts/)
    expect(readFileSync(join(folder, 'pinai.config.ts'), 'utf8')).toContain("import { defineConfig } from 'pinai'")
    expect(readFileSync(join(folder, '.env.example'), 'utf8')).toMatch(/^API_TOKEN=$/m)
    expect(readFileSync(join(folder, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['.env', 'data/']),
    )
    expect(statSync(join(folder, '.env')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(folder, '.env'), 'utf8')).toMatch(/^ADMIN_TOKEN=pinai-\S{20,}$/m)

    const check = await runPinai(['check'], { cwd: folder })
    expect(check.stderr).toBe('')
    expect(check.code).toBe(0)

    // The editor's view: the tsconfig points `pinai` at this pinai's types, so a typo is caught (and
    // nothing else is reported: the module and its types resolve).
    const file = join(folder, 'pinai.config.ts')
    writeFileSync(file, readFileSync(file, 'utf8').replace('server: { port: 3000 }', 'server: { prot: 3000 }'))
    const typo = await promisify(execFile)(tsc, ['-p', '.'], { cwd: folder }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    )
    expect(typo.trim().split('\n')).toEqual([
      expect.stringMatching(/^pinai\.config\.ts\(\d+,\d+\): error TS2353: .*'prot' does not exist/),
    ])

    const again = await runPinai(['init', folder])
    expect(again.stdout).toMatch(/kept\s+pinai\.config\.ts \(already there\)/)
    expect(readFileSync(join(folder, '.gitignore'), 'utf8').match(/^\.env$/gm)).toHaveLength(1)
  }, 60_000)

  it("loads the README's template from a folder outside the repository, leaving no transpiled copy with its secrets on disk", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pinai-anywhere-'))
    const privateTemp = mkdtempSync(join(tmpdir(), 'pinai-anywhere-tmp-'))
    const secret = 'sk-literal-DISKCHECK-7f3a9c'
    writeFileSync(
      join(folder, 'pinai.config.ts'),
      `import { defineConfig } from 'pinai'

export default defineConfig({
  auth: { tokens: ['\${API_TOKEN}'] },
  providers: [
    { name: 'relay-a', protocol: 'openai', baseUrl: 'https://relay-a.example.com', keys: ['${secret}'], models: ['gpt-4o-mini', { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }] },
  ],
})
`,
    )
    writeFileSync(join(folder, '.env'), 'API_TOKEN=token-from-dotenv\n')
    // TMPDIR and the cache folders jiti would use point at a folder this test reads afterwards.
    const result = await runPinai(['check'], { cwd: folder, env: { TMPDIR: privateTemp, XDG_CACHE_HOME: privateTemp } })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1 provider\(s\), 2 model entries/)
    // The literal key is a warning that points at .env, and is not printed.
    expect(result.stderr).toMatch(/providers\[0\]\.keys\[0\]: a literal secret in the file: put it in \.env/)
    expect(result.stdout + result.stderr).not.toContain(secret)
    for (const file of [...filesUnder(privateTemp), ...filesUnder(folder)]) {
      if (file.endsWith('pinai.config.ts')) continue
      expect(readFileSync(file, 'utf8'), file).not.toContain(secret)
    }
  })
})

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { runPinai } from '../helpers/pinai-process.ts'

// Any ANSI escape (colour, bold, underline).
const escape = /\u001b\[/

describe('what the pinai command prints', () => {
  it('--version and -v print the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string
    }
    for (const flag of ['--version', '-v']) {
      const result = await runPinai([flag])
      expect(result.code).toBe(0)
      expect(result.stdout).toBe(`${version}\n`)
    }
  })

  it('prints no colour codes when piped, even in CI; FORCE_COLOR forces them; NO_COLOR wins', async () => {
    const piped = await runPinai(['--help'], { env: { NO_COLOR: '', CI: 'true' } })
    expect(piped.code).toBe(0)
    expect(piped.stdout).toMatch(/USAGE/)
    expect(piped.stdout).not.toMatch(escape)
    const folder = mkdtempSync(join(tmpdir(), 'pinai-colour-'))
    writeFileSync(join(folder, 'pinai.config.ts'), `export default { provders: [] }\n`)
    const plain = await runPinai(['check'], { cwd: folder, env: { NO_COLOR: '', CI: 'true' } })
    expect(plain.stderr).toMatch(/^✗ /)
    expect(plain.stderr).not.toMatch(escape)
    const forced = await runPinai(['check'], { cwd: folder, env: { NO_COLOR: '', FORCE_COLOR: '1' } })
    expect(forced.stderr).toMatch(escape)
    const both = await runPinai(['check'], { cwd: folder, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })
    expect(both.stderr).not.toMatch(escape)
  })

  it('pinai models aligns its columns for CJK and emoji names', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pinai-width-'))
    writeFileSync(
      join(folder, 'pinai.config.ts'),
      `export default {
  providers: [
    { name: '中转站', protocol: 'openai', baseUrl: 'https://relay.example.com/v1', models: [{ id: 'gpt-4o(官转)', name: '官转-gpt-4o' }, { id: 'rocket-🚀', name: '🚀-fast' }, 'plain'] },
  ],
}
`,
    )
    const result = await runPinai(['models'], { cwd: folder })
    expect(result.code).toBe(0)
    const rows = result.stdout.split('\n').slice(0, 4)
    // Each column starts at the same display column on every row.
    const starts = (row: string, cell: string) => stringWidth(row.slice(0, row.lastIndexOf(cell)))
    expect(rows[0]).toMatch(/^MODEL/)
    const providerColumn = starts(rows[0] ?? '', 'PROVIDER')
    const idColumn = starts(rows[0] ?? '', 'UPSTREAM ID')
    for (const [row, id] of [
      [rows[1], 'plain'],
      [rows[2], 'gpt-4o(官转)'],
      [rows[3], 'rocket-🚀'],
    ] as const) {
      expect(starts(row ?? '', '中转站')).toBe(providerColumn)
      expect(starts(row ?? '', id)).toBe(idColumn)
    }
  })
})

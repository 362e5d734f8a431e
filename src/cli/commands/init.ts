import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { colors, errorColors } from '../colors.ts'
import { editorTsconfig, envExample, ignoredPaths, initialConfig, initialEnv } from '../init-files.ts'
import { pinaiPackage } from '../pinai-package.ts'
import { printError, printLine } from '../redact-output.ts'

/** Writes a file unless it exists; says which. */
async function writeNew(folder: string, name: string, text: string, mode = 0o644): Promise<boolean> {
  const file = join(folder, name)
  if (existsSync(file)) {
    printLine(`  ${colors.dim('kept')}    ${name} (already there)`)
    return false
  }
  await writeFile(file, text, { mode, flag: 'wx' })
  printLine(`  ${colors.green('wrote')}   ${name}`)
  return true
}

/** Adds the lines `.gitignore` lacks. */
async function ignoreSecrets(folder: string): Promise<void> {
  const file = join(folder, '.gitignore')
  const current = await readFile(file, 'utf8').catch(() => '')
  const present = new Set(current.split(/\r?\n/).map((line) => line.trim()))
  const missing = ignoredPaths.filter((path) => !present.has(path) && !present.has(`/${path}`))
  if (missing.length === 0)
    return printLine(`  ${colors.dim('kept')}    .gitignore (already ignores ${ignoredPaths.join(', ')})`)
  const separator = current === '' || current.endsWith('\n') ? '' : '\n'
  await appendFile(file, `${separator}# pinai: secrets and the request log\n${missing.join('\n')}\n`)
  printLine(`  ${colors.green(current ? 'updated' : 'wrote')} .gitignore (${missing.join(', ')})`)
}

/**
 * `pinai init [folder]`: starts a config in any folder: `pinai.config.ts`, `.env` with fresh tokens,
 * `.env.example`, `.gitignore` lines, and a `tsconfig.json` that points editors at pinai's types.
 * Files already there are kept.
 */
export default defineCommand({
  meta: {
    name: 'init',
    description: 'write pinai.config.ts, .env, .env.example, .gitignore lines and editor types into a folder',
  },
  args: { folder: { type: 'positional', required: false, description: 'where (default: the current folder)' } },
  async run({ args }) {
    try {
      const folder = resolve(args.folder ?? '.')
      await mkdir(folder, { recursive: true })
      printLine(`Starting a pinai config in ${folder}:`)
      await writeNew(folder, 'pinai.config.ts', initialConfig)
      await writeNew(folder, '.env', initialEnv(), 0o600)
      await writeNew(folder, '.env.example', envExample)
      await ignoreSecrets(folder)
      const types = join(pinaiPackage().root, 'src', 'index.ts')
      if (existsSync(types)) await writeNew(folder, 'tsconfig.json', editorTsconfig(types))
      else
        printLine(
          `  ${colors.yellow('skipped')} tsconfig.json: this pinai has no sources to point editors at (install pinai beside the config for types)`,
        )
      printLine(
        `\nNext: add a provider to pinai.config.ts (its key in .env), then ${colors.bold('pinai check')} and ${colors.bold('pinai plan')}.`,
      )
    } catch (error) {
      printError(`${errorColors.red('✗')} ${(error as Error).message}`)
      process.exitCode = 1
    }
  },
})

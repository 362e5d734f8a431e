import { stripVTControlCharacters } from 'node:util'
import { defineCommand, renderUsage, runMain, type ArgsDef, type CommandDef } from 'citty'
import { colorEnabled } from './colors.ts'
import { pinaiPackage } from './pinai-package.ts'

/** The `pinai` command: subcommands are loaded lazily so `pinai check` does not load the server. */
const main = defineCommand({
  meta: { name: 'pinai', version: pinaiPackage().version, description: 'A personal AI-model gateway, kept as code' },
  default: 'serve',
  subCommands: {
    serve: () => import('./commands/serve.ts').then((module) => module.default),
    check: () => import('./commands/check.ts').then((module) => module.default),
    init: () => import('./commands/init.ts').then((module) => module.default),
    schema: () => import('./commands/schema.ts').then((module) => module.default),
    models: () => import('./commands/models.ts').then((module) => module.default),
    rewrite: () => import('./commands/rewrite.ts').then((module) => module.default),
    plan: () => import('./commands/plan.ts').then((module) => module.default),
    apply: () => import('./commands/apply.ts').then((module) => module.default),
    provider: () => import('./commands/provider.ts').then((module) => module.default),
  },
})

// citty colours its help unless NO_COLOR=1, TERM=dumb or CI: by the same rule as the rest of pinai instead.
async function showUsage<T extends ArgsDef = ArgsDef>(command: CommandDef<T>, parent?: CommandDef<T>): Promise<void> {
  const usage = await renderUsage(command, parent)
  process.stdout.write(`${colorEnabled(process.stdout) ? usage : stripVTControlCharacters(usage)}\n\n`)
}

await runMain(main, { showUsage })

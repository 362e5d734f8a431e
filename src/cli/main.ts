import { defineCommand, runMain } from 'citty'

/** The `pinai` command: subcommands are loaded lazily so `pinai check` does not load the server. */
const main = defineCommand({
  meta: { name: 'pinai', description: 'A personal AI-model gateway, kept as code' },
  default: 'serve',
  subCommands: {
    serve: () => import('./commands/serve.ts').then((module) => module.default),
    check: () => import('./commands/check.ts').then((module) => module.default),
    schema: () => import('./commands/schema.ts').then((module) => module.default),
    models: () => import('./commands/models.ts').then((module) => module.default),
    rewrite: () => import('./commands/rewrite.ts').then((module) => module.default),
    plan: () => import('./commands/plan.ts').then((module) => module.default),
    apply: () => import('./commands/apply.ts').then((module) => module.default),
  },
})

await runMain(main)

#!/usr/bin/env node
// The Docker image's command: `pinai serve` on the config mounted at /app/config. It refuses to start
// without one (PINAI_CONFIG unset and nothing mounted), saying what to mount, rather than serve an
// example nobody chose.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const configFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'config')
const names = ['ts', 'mts', 'js', 'mjs', 'json', 'yaml', 'yml'].map((extension) => `pinai.config.${extension}`)

if (!process.env.PINAI_CONFIG) {
  const mounted = names.map((name) => join(configFolder, name)).find((path) => existsSync(path))
  if (!mounted) {
    console.error(
      [
        `pinai: no config. Mount the folder that holds pinai.config.ts and .env at ${configFolder}, for example`,
        `  docker run -p 3000:3000 -v pinai-data:/data -v "$PWD:${configFolder}" pinai`,
        `or set PINAI_CONFIG to the path of a config file inside the container.`,
      ].join('\n'),
    )
    process.exit(1)
  }
  process.env.PINAI_CONFIG = mounted
}
process.argv = [
  process.argv[0] ?? 'node',
  join(dirname(fileURLToPath(import.meta.url)), 'pinai.mjs'),
  'serve',
  ...process.argv.slice(2),
]
await import('./pinai.mjs')

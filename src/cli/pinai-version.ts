import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The version of the running pinai, from its package.json (found above this file, in the sources or a build). */
export function pinaiVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 6; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (manifest.name === 'pinai' && manifest.version) return manifest.version
    } catch {
      // No package.json here: look one folder up.
    }
    folder = dirname(folder)
  }
  return 'unknown'
}

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The running pinai's package: its folder and version (found above this file, in the sources or a build). */
export function pinaiPackage(): { root: string; version: string } {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 6; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (manifest.name === 'pinai' && manifest.version) return { root: folder, version: manifest.version }
    } catch {
      // No package.json here: look one folder up.
    }
    folder = dirname(folder)
  }
  throw new Error("cannot find pinai's package.json above its code")
}

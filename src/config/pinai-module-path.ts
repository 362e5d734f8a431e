import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The file a config's `import … from 'pinai'` loads: the public API of the pinai that is running, so
 * a config in any folder (outside any project, a Docker mount) loads without pinai installed beside
 * it. From the sources that is `src/index.ts`; in a build (bin/build.mjs) `index.mjs` sits beside
 * the chunk this code was bundled into.
 */
export function pinaiModulePath(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, '..', 'index.ts'), join(here, 'index.mjs')]
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) throw new Error(`cannot find pinai's own module (looked for ${candidates.join(' and ')})`)
  return found
}

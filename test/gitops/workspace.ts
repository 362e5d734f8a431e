import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A folder with a config file (and more files) for one test. */
export interface Workspace {
  dir: string
  file: string
  remove(): Promise<void>
}

/**
 * Creates a workspace holding `pinai.config.ts` with the given text, and other files. It lives in the
 * system's temporary folder, outside the repository, as a user's does: `import … from 'pinai'` must
 * resolve there through the loader, not through this repository's package.json.
 */
export async function createWorkspace(config: string, files: Record<string, string> = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'pinai-gitops-'))
  const file = join(dir, 'pinai.config.ts')
  await writeFile(file, config)
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return { dir, file, remove: () => rm(dir, { recursive: true, force: true }) }
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** The repository root: test workspaces live under its git-ignored `.tmp/` so `import … from 'pinai'` resolves. */
export const repositoryRoot = resolve(import.meta.dirname, '../..')

/** A folder with a config file (and more files) for one test. */
export interface Workspace {
  dir: string
  file: string
  remove(): Promise<void>
}

/** Creates a workspace holding `pinai.config.ts` with the given text, and other files. */
export async function createWorkspace(config: string, files: Record<string, string> = {}): Promise<Workspace> {
  await mkdir(join(repositoryRoot, '.tmp'), { recursive: true })
  const dir = await mkdtemp(join(repositoryRoot, '.tmp', 'gitops-'))
  const file = join(dir, 'pinai.config.ts')
  await writeFile(file, config)
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return { dir, file, remove: () => rm(dir, { recursive: true, force: true }) }
}

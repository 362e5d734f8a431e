import { chmod, chown, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runPinai } from '../helpers/pinai-process.ts'
import { createWorkspace, type Workspace } from './workspace.ts'

// A user of a bind-mounted folder, as the Docker image's root sees them.
const hostUser = { uid: 1234, gid: 2345 }
const config = `export default {\n  providers: [],\n}\n`
const asRoot = process.getuid?.() === 0

let workspace: Workspace
afterEach(async () => workspace?.remove())

const ownerOf = async (file: string) => {
  const info = await stat(file)
  return { uid: info.uid, gid: info.gid, mode: info.mode & 0o777 }
}

describe.skipIf(!asRoot)('files pinai writes as root keep their owner and mode', () => {
  it('pinai apply keeps the config and .env owned by the user of the folder, with their modes', async () => {
    workspace = await createWorkspace(config, { '.env': 'OTHER=1\n' })
    const dotenv = join(workspace.dir, '.env')
    for (const file of [workspace.file, dotenv]) await chown(file, hostUser.uid, hostUser.gid)
    await chmod(workspace.file, 0o664)
    await chmod(dotenv, 0o640)
    const result = await runPinai(
      [
        'provider',
        'add',
        'relay',
        '--protocol',
        'openai',
        '--base-url',
        'http://127.0.0.1:9/v1',
        '--key',
        'sk-owner-check-123456',
        '--auto-approve',
      ],
      {
        cwd: workspace.dir,
      },
    )
    expect(result.code).toBe(0)
    expect(await readFile(workspace.file, 'utf8')).toContain("name: 'relay'")
    expect(await readFile(dotenv, 'utf8')).toContain('RELAY_KEY=sk-owner-check-123456')
    expect(await ownerOf(workspace.file)).toEqual({ ...hostUser, mode: 0o664 })
    expect(await ownerOf(dotenv)).toEqual({ ...hostUser, mode: 0o640 })
  })

  it('a new .env belongs to the owner of its folder and is private', async () => {
    workspace = await createWorkspace(config)
    await chown(workspace.dir, hostUser.uid, hostUser.gid)
    const result = await runPinai(
      [
        'provider',
        'add',
        'relay',
        '--protocol',
        'openai',
        '--base-url',
        'http://127.0.0.1:9/v1',
        '--key',
        'sk-owner-check-123456',
        '--auto-approve',
      ],
      {
        cwd: workspace.dir,
      },
    )
    expect(result.code).toBe(0)
    expect(await ownerOf(join(workspace.dir, '.env'))).toEqual({ ...hostUser, mode: 0o600 })
  })
})

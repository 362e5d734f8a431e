import { execSync, spawn } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesUnder } from '../helpers/files-under.ts'

const root = resolve(import.meta.dirname, '..', '..')

interface Step {
  instruction: string
  args: string
}

/** The Dockerfile's instructions, continuation lines joined. */
function parseDockerfile(text: string): Step[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction = '', ...rest] = line.split(/\s+/)
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') }
    })
}

/** The image built by replaying the steps: its folder, the app's folder, its env, user, command and health check. */
interface Image {
  image: string
  workdir: string
  env: Record<string, string>
  user: string | undefined
  command: string[]
  healthcheck: string | undefined
}

function buildImage(): Image {
  const steps = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'))
  const image = mkdtempSync(join(tmpdir(), 'pinai-image-'))
  chmodSync(image, 0o755)
  const built: Image = { image, workdir: image, env: {}, user: undefined, command: [], healthcheck: undefined }
  for (const step of steps) {
    switch (step.instruction) {
      case 'WORKDIR':
        built.workdir = join(image, step.args)
        mkdirSync(built.workdir, { recursive: true })
        break
      case 'COPY': {
        const parts = step.args.split(/\s+/)
        const destination = parts.pop() ?? '.'
        for (const source of parts) {
          const target =
            destination.endsWith('/') || parts.length > 1
              ? join(built.workdir, destination, source)
              : join(built.workdir, destination)
          cpSync(join(root, source), target, { recursive: true })
        }
        break
      }
      case 'RUN':
        // Absolute paths are the image's own (as in a container), here rooted in the scratch folder.
        execSync(step.args.replace(/(^|\s)\/(?=\w)/g, `$1${image}/`), {
          cwd: built.workdir,
          stdio: 'pipe',
          env: { ...process.env, ...built.env },
        })
        break
      case 'ENV':
        for (const pair of step.args.split(/\s+/)) {
          const [key, ...value] = pair.split('=')
          if (key) built.env[key] = value.join('=')
        }
        break
      case 'USER':
        built.user = step.args
        break
      case 'HEALTHCHECK':
        built.healthcheck = /\bCMD\s+(.+)$/.exec(step.args)?.[1]
        break
      case 'CMD':
        built.command = JSON.parse(step.args) as string[]
        break
      default:
        break
    }
  }
  return built
}

/** Runs the image's command as its user would (uid 1000 for `node`, when this test runs as root). */
function startContainer(built: Image, env: Record<string, string>) {
  const asUser = built.user === 'node' && process.getuid?.() === 0 ? { uid: 1000, gid: 1000 } : {}
  const child = spawn(process.execPath, built.command.slice(1), {
    cwd: built.workdir,
    env: {
      PATH: process.env.PATH ?? '',
      ...built.env,
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(built.image, 'data', 'pinai.db')}`,
    },
    ...asUser,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)))
  const listening = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 30_000)
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`exited:\n${output}`))
    })
  })
  return { child, exited, listening, output: () => output }
}

/**
 * There is no Docker engine here, so this test runs the Dockerfile's own steps — WORKDIR, COPY, RUN,
 * ENV, USER, HEALTHCHECK, CMD — in a scratch folder standing in for the image, then checks that the
 * container's command refuses to start without a mounted config and serves requests with one.
 */
describe('Dockerfile', () => {
  it('builds, refuses to start without a config, and serves with one mounted', async () => {
    const from =
      parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8')).find((step) => step.instruction === 'FROM')
        ?.args ?? ''
    const nodeMajor = Number(/^node:(\d+)/.exec(from)?.[1])
    expect(nodeMajor).toBeGreaterThanOrEqual(22)
    expect(nodeMajor % 2).toBe(0) // an LTS line

    const built = buildImage()
    const { workdir, command, env } = built
    expect(command[0]).toBe('node')
    expect(built.user).toBe('node')
    expect(built.healthcheck).toContain('/healthz')
    expect(readdirSync(join(workdir, 'dist')).some((name) => /^[0-9a-f]{16}$/.test(name))).toBe(true)
    expect(readdirSync(join(workdir, 'dist', 'web')).some((name) => /^[0-9a-f]{16}$/.test(name))).toBe(true)
    expect(env.DATABASE_URL).toMatch(/^sqlite:/)
    // The built output and production dependencies only: no tests, no fixtures.
    expect(existsSync(join(workdir, 'test'))).toBe(false)
    expect(existsSync(join(workdir, 'fixtures'))).toBe(false)
    expect(filesUnder(workdir, ['node_modules']).filter((file) => file.endsWith('.test.ts'))).toEqual([])
    expect(existsSync(join(workdir, 'node_modules', 'vitest'))).toBe(false)

    // Nothing mounted at /app/config and no PINAI_CONFIG: a clear refusal, not the example config.
    const bare = startContainer(built, {})
    await expect(bare.listening).rejects.toThrow(/exited/)
    expect(await bare.exited).toBe(1)
    expect(bare.output()).toContain(`${join(workdir, 'config')}`)
    expect(bare.output()).toContain('pinai.config.ts')

    // As the README's `docker run … -v "$PWD:/app/config"`: the folder holding the config is mounted.
    cpSync(join(root, 'pinai.config.ts'), join(workdir, 'config', 'pinai.config.ts'))
    const container = startContainer(built, { ENABLE_WEB: 'true' })
    try {
      const url = await container.listening
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      // The image's RUN step compiled the sources: the container runs that build, not TypeScript through tsx.
      expect(container.output()).not.toContain('running the sources through tsx')
      expect(container.output()).toContain('request log: connected to sqljs')
      const models = (await (await fetch(`${url}/openai/v1/models`)).json()) as { data: unknown[] }
      expect(models.data.length).toBeGreaterThan(0)
      const page = await fetch(`${url}/`)
      expect(page.headers.get('content-type')).toContain('text/html')
      // The HEALTHCHECK command, run inside the container, finds the gateway healthy.
      const port = new URL(url).port
      execSync(built.healthcheck ?? 'false', {
        cwd: workdir,
        stdio: 'pipe',
        env: { PATH: process.env.PATH ?? '', PORT: port },
      })
    } finally {
      container.child.kill('SIGTERM')
      await container.exited
    }
  }, 240_000)
})

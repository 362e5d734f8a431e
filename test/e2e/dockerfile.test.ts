import { execSync, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

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

/**
 * There is no Docker engine here, so this test runs the Dockerfile's own steps — WORKDIR, COPY, RUN,
 * ENV, CMD — in a scratch folder standing in for the image, then checks that the container's command
 * serves requests.
 */
describe('Dockerfile', () => {
  it('builds and serves when its steps are run as written', async () => {
    const steps = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'))
    const from = steps.find((step) => step.instruction === 'FROM')?.args ?? ''
    const nodeMajor = Number(/^node:(\d+)/.exec(from)?.[1])
    expect(nodeMajor).toBeGreaterThanOrEqual(22)
    expect(nodeMajor % 2).toBe(0) // an LTS line

    const image = mkdtempSync(join(tmpdir(), 'pinai-image-'))
    let workdir = image
    const env: Record<string, string> = {}
    let command: string[] = []
    for (const step of steps) {
      switch (step.instruction) {
        case 'WORKDIR':
          workdir = join(image, step.args)
          mkdirSync(workdir, { recursive: true })
          break
        case 'COPY': {
          const parts = step.args.split(/\s+/)
          const destination = parts.pop() ?? '.'
          for (const source of parts) {
            const target = destination.endsWith('/') || parts.length > 1 ? join(workdir, destination, source) : join(workdir, destination)
            cpSync(join(root, source), target, { recursive: true })
          }
          break
        }
        case 'RUN':
          execSync(step.args, { cwd: workdir, stdio: 'pipe', env: { ...process.env, ...env } })
          break
        case 'ENV':
          for (const pair of step.args.split(/\s+/)) {
            const [key, ...value] = pair.split('=')
            if (key) env[key] = value.join('=')
          }
          break
        case 'CMD':
          command = JSON.parse(step.args) as string[]
          break
        default:
          break
      }
    }
    expect(command[0]).toBe('node')
    expect(readdirSync(join(workdir, 'dist')).some((name) => /^[0-9a-f]{16}$/.test(name))).toBe(true)
    expect(env.DATABASE_URL).toMatch(/^sqlite:/)
    // As `docker run -e PORT=0 -v data:/data` would: a free port, and the data volume in the scratch folder.
    const child = spawn(process.execPath, command.slice(1), {
      cwd: workdir,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(image, 'data', 'pinai.db')}` },
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 30_000)
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)/.exec(output)
          if (match?.[1]) {
            clearTimeout(timer)
            resolveUrl(match[1])
          }
        })
        child.on('exit', () => reject(new Error(`exited:\n${output}`)))
      })
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      // The image's RUN step compiled the sources: the container runs that build, not TypeScript through tsx.
      expect(output).not.toContain('running the sources through tsx')
      expect(output).toContain('request log: connected to sqljs')
      const models = (await (await fetch(`${url}/openai/v1/models`)).json()) as { data: unknown[] }
      expect(models.data.length).toBeGreaterThan(0)
    } finally {
      child.kill('SIGTERM')
    }
  }, 240_000)
})

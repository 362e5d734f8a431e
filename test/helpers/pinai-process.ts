import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

const bin = join(import.meta.dirname, '..', '..', 'bin', 'pinai.mjs')

/** The real `pinai` command running as a child process. */
export interface PinaiProcess {
  child: ChildProcess
  url: string
  output(): string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Runs `pinai <args>` to completion; resolves with its exit code and output. `NO_COLOR=1` unless `env` says otherwise. */
export function runPinai(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `pinai serve` and waits until it says where it listens. */
export function startPinai(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<PinaiProcess> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    cwd: options.cwd,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...options.env, NO_COLOR: '1' },
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`pinai did not start:\n${output}`))
    }, 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/[^\s]+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({
          child,
          url: match[1],
          output: () => output,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal)
            return exited
          },
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`pinai exited with ${code}:\n${output}`))
    })
  })
}

import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ProbeReading } from './probe-reading.ts'

const probe = fileURLToPath(new URL('./process-probe.mjs', import.meta.url))
const tsxLoader = import.meta.resolve('tsx')

/** A server process under measurement: where it listens, and its probe. */
export interface MeasuredProcess {
  name: string
  url: string
  pid: number
  /** Starts a new measurement window. */
  reset(): Promise<void>
  /** What the process did since the last reset. */
  read(): Promise<ProbeReading>
  /** Starts a CPU profile of the main thread. */
  startProfile(): Promise<void>
  /** Stops it and writes the `.cpuprofile` to `file`. */
  stopProfile(file: string): Promise<void>
  /** Freezes every thread (SIGSTOP), so an idle server cannot take CPU from the one being measured. */
  pause(): void
  /** Lets a paused process run again (SIGCONT). */
  resume(): void
  /** What it printed (the last 64 KiB). */
  output(): string
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

/** How to start one measured process. */
export interface MeasuredOptions {
  name: string
  /** The script to run with node. */
  script: string
  args?: string[]
  env?: Record<string, string>
  /** Variables of this process's environment the child must not inherit. */
  unsetEnv?: string[]
  cwd?: string
  /** Load TypeScript through tsx (pinai's own bin does this itself). */
  typescript?: boolean
  /** CPU list for `taskset -c` (all threads of the process), or undefined to leave it unpinned. */
  cpus?: string
  /** How long to wait for the "listening on http://…" line. */
  startTimeoutMs?: number
  /** Flags for node itself, before the script (bench:store's memory trace preloads a module). */
  nodeFlags?: string[]
}

function ask(
  child: ChildProcess,
  message: string | { profile: string; file?: string },
  answer: string,
): Promise<{ probe: string; reading?: ProbeReading }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no probe answer ${answer}`)), 30_000)
    const onMessage = (reply: { probe?: string; reading?: ProbeReading }) => {
      if (reply.probe !== answer) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(reply as { probe: string; reading?: ProbeReading })
    }
    child.on('message', onMessage)
    child.send(message)
  })
}

/** Starts a server process with the probe preloaded, pinned when asked, and waits until it listens. */
export function startMeasured(options: MeasuredOptions): Promise<MeasuredProcess> {
  const nodeArgs = [
    ...(options.nodeFlags ?? []),
    ...(options.typescript ? ['--import', tsxLoader] : []),
    '--import',
    probe,
    options.script,
    ...(options.args ?? []),
  ]
  const [command, args] = options.cpus
    ? ['taskset', ['-c', options.cpus, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs]
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env }
  for (const name of options.unsetEnv ?? []) delete env[name]
  const child = spawn(command, args, {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536)
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${options.name} did not start:\n${output}`))
    }, options.startTimeoutMs ?? 30_000)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`${options.name} exited with ${code}:\n${output}`))
    }
    child.once('exit', onExit)
    child.stderr?.on('data', keep)
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk)
      const match = /listening on (http:\/\/\S+)\s/.exec(output)
      if (!match?.[1] || !child.pid) return
      clearTimeout(timer)
      child.off('exit', onExit)
      const url = match[1]
      resolve({
        name: options.name,
        url,
        pid: child.pid,
        reset: async () => void (await ask(child, 'probe:reset', 'reset')),
        read: async () => {
          const reply = await ask(child, 'probe:read', 'read')
          if (!reply.reading) throw new Error(`${options.name}: empty probe reading`)
          return reply.reading
        },
        startProfile: async () => void (await ask(child, { profile: 'start' }, 'profile-start')),
        stopProfile: async (file) => void (await ask(child, { profile: 'stop', file }, 'profile-stop')),
        pause: () => void child.kill('SIGSTOP'),
        resume: () => void child.kill('SIGCONT'),
        output: () => output,
        stop: async (graceMs = 5_000) => {
          if (child.exitCode !== null || (child.signalCode !== null && child.signalCode !== 'SIGSTOP')) return
          child.kill('SIGCONT')
          child.kill('SIGTERM')
          const killer = setTimeout(() => child.kill('SIGKILL'), graceMs)
          await exited
          clearTimeout(killer)
        },
      })
    })
  })
}

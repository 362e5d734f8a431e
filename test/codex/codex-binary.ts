import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where the Codex CLI is installed: `PINAI_CODEX_BIN`, or the pinned copy in `.ci/codex`. */
export function codexBinary(): string | undefined {
  const candidates = [
    process.env.PINAI_CODEX_BIN,
    join(import.meta.dirname, '..', '..', '.ci', 'codex', 'node_modules', '.bin', 'codex'),
  ]
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string))
}

/** How to install it, for the message of a run without it. */
export const installHint = 'The Codex CLI is not installed: run `npm ci --prefix .ci/codex` (or set PINAI_CODEX_BIN)'

/** One line of `codex exec --json`: thread, turn and item events. */
export interface CodexEvent {
  type: string
  item?: {
    id: string
    type: string
    text?: string
    command?: string
    aggregated_output?: string
    exit_code?: number | null
    message?: string
  }
  usage?: Record<string, number>
  error?: { message: string }
  message?: string
}

/** What one headless run produced. */
export interface CodexRun {
  code: number | null
  stdout: string
  stderr: string
  /** The parsed JSON lines of stdout. */
  events: CodexEvent[]
  /** The texts of the agent's messages, in order: what Codex prints as the model's answer. */
  messages: string[]
  /** The commands Codex ran, with their output. */
  commands: Array<{ command: string; output: string; exitCode: number | null | undefined }>
  /** The temporary CODEX_HOME (and HOME) it ran with, removed once it exited (Codex unpacks ~1 MB of skills there). */
  home: string
}

/** Options of {@link runCodex}. */
export interface RunOptions {
  binary: string
  /** The Responses API base URL Codex calls `/responses` under (pinai: `<origin>/openai/v1`). */
  baseUrl: string
  token: string
  model: string
  prompt: string
  /** The working directory (the file the model asks for lives here). */
  cwd: string
  /** Codex's `model_reasoning_effort` (it sends `reasoning.effort` only when this is set). */
  reasoningEffort?: 'low' | 'medium' | 'high'
  timeoutMs?: number
}

/**
 * The config of a custom provider speaking the Responses API, as a user points Codex at a gateway.
 * Retries are off so that a failure shows as the one request that failed, not five copies of it.
 */
function codexConfig(options: RunOptions): string {
  const effort = options.reasoningEffort ? `model_reasoning_effort = "${options.reasoningEffort}"\n` : ''
  return `model = ${JSON.stringify(options.model)}
model_provider = "pinai"
${effort}check_for_update_on_startup = false

[analytics]
enabled = false

[feedback]
enabled = false

[model_providers.pinai]
name = "pinai"
base_url = ${JSON.stringify(options.baseUrl)}
wire_api = "responses"
env_key = "PINAI_TOKEN"
request_max_retries = 0
stream_max_retries = 0
`
}

/**
 * Runs `codex exec --json PROMPT` headless and offline: CODEX_HOME (and HOME) a fresh temporary folder
 * holding the provider's config, no git repository needed, and the command sandbox off — the only
 * command that runs is the `cat` the mock model asks for, and Codex's bundled sandbox needs user
 * namespaces that a CI container may not grant. `codex exec` never asks for approval.
 */
export function runCodex(options: RunOptions): Promise<CodexRun> {
  const home = mkdtempSync(join(tmpdir(), 'pinai-codex-home-'))
  writeFileSync(join(home, 'config.toml'), codexConfig(options))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CODEX_HOME: home,
    PINAI_TOKEN: options.token,
    NO_COLOR: '1',
  }
  const args = [
    'exec',
    '--json',
    '--strict-config',
    '--skip-git-repo-check',
    '--ephemeral',
    '--sandbox',
    'danger-full-access',
    '--cd',
    options.cwd,
    options.prompt,
  ]
  return new Promise((resolve, reject) => {
    // Its own process group: `codex` is a Node wrapper around the native binary, and a timeout that killed
    // only the wrapper would leave the binary running, holding the pipes open so the run never ends.
    const child = spawn(options.binary, args, {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // The group is already gone: nothing left to stop.
      }
    }, options.timeoutMs ?? 60_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      rmSync(home, { recursive: true, force: true })
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      rmSync(home, { recursive: true, force: true })
      const events = parseEvents(stdout)
      const completed = events.filter((event) => event.type === 'item.completed').map((event) => event.item)
      resolve({
        code,
        stdout,
        stderr,
        events,
        messages: completed.flatMap((item) =>
          item?.type === 'agent_message' && item.text !== undefined ? [item.text] : [],
        ),
        commands: completed.flatMap((item) =>
          item?.type === 'command_execution'
            ? [{ command: item.command ?? '', output: item.aggregated_output ?? '', exitCode: item.exit_code }]
            : [],
        ),
        home,
      })
    })
  })
}

function parseEvents(stdout: string): CodexEvent[] {
  return stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return []
    try {
      return [JSON.parse(line) as CodexEvent]
    } catch {
      return []
    }
  })
}

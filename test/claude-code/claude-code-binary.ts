import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where Claude Code is installed: `PINAI_CLAUDE_CODE_BIN`, or the pinned copy in `.ci/claude-code`
 * (installed there, not at the root, because its package declares node >=22 and the root keeps
 * engine-strict on Node 20; the CLI itself is a native binary).
 */
export function claudeCodeBinary(): string | undefined {
  const candidates = [
    process.env.PINAI_CLAUDE_CODE_BIN,
    join(import.meta.dirname, '..', '..', '.ci', 'claude-code', 'node_modules', '.bin', 'claude'),
  ]
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string))
}

/** How to install it, for the message of a run without it. */
export const installHint =
  'Claude Code is not installed: run `npm ci --prefix .ci/claude-code` (or set PINAI_CLAUDE_CODE_BIN)'

/** The JSON Claude Code prints at the end of `claude -p … --output-format json`. */
export interface ClaudeCodeResult {
  type: 'result'
  subtype: string
  is_error: boolean
  result: string
  num_turns: number
  [key: string]: unknown
}

/** What one headless run produced. */
export interface ClaudeCodeRun {
  code: number | null
  stdout: string
  stderr: string
  /** The parsed final result, when stdout held one. */
  result: ClaudeCodeResult | undefined
  /** The temporary HOME it ran with. */
  home: string
}

/** Options of {@link runClaudeCode}. */
export interface RunOptions {
  binary: string
  /** pinai's origin; Claude Code gets `<origin>/anthropic` as ANTHROPIC_BASE_URL. */
  gateway: string
  token: string
  model: string
  prompt: string
  /** The working directory (files Claude Code may read live here). */
  cwd: string
  args?: string[]
  timeoutMs?: number
}

/**
 * Runs Claude Code headless and offline against pinai: `claude -p PROMPT --model NAME --output-format
 * json`, HOME in a fresh temporary folder, telemetry, non-essential traffic and the auto-updater off.
 */
export function runClaudeCode(options: RunOptions): Promise<ClaudeCodeRun> {
  const home = mkdtempSync(join(tmpdir(), 'pinai-claude-home-'))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    ANTHROPIC_BASE_URL: `${options.gateway}/anthropic`,
    ANTHROPIC_API_KEY: options.token,
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    NO_COLOR: '1',
  }
  const args = ['-p', options.prompt, '--model', options.model, '--output-format', 'json', ...(options.args ?? [])]
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, result: parseResult(stdout), home })
    })
  })
}

function parseResult(stdout: string): ClaudeCodeResult | undefined {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith('{'))
  if (!line) return undefined
  try {
    return JSON.parse(line) as ClaudeCodeResult
  } catch {
    return undefined
  }
}
